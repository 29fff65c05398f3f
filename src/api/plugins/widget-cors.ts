import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { findCatalogRoute } from './route-catalog.js';

/**
 * Publishable keys are made for browsers on any partner origin; no cookies are involved, so `*`
 * is safe. Every other route sends no CORS headers and refuses preflights, so no browser page
 * can read a secret route's answer.
 */
const widgetCorsOptions = {
  origin: '*',
  methods: ['GET', 'HEAD', 'POST'],
  allowedHeaders: ['Content-Type', 'X-Partner-Key'],
  exposedHeaders: ['Request-Id', 'Retry-After', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
  maxAge: 600,
  // A preflight without Access-Control-Request-Method still gets the headers, not a plain-text 400.
  strictPreflight: false,
};

/** Needs the route catalog; its hook runs on every request, before authentication. */
export const widgetCors = fp(async (app: FastifyInstance) => {
  function targetsWidget(request: FastifyRequest): boolean {
    if (request.method !== 'OPTIONS') return request.routeOptions.config.auth === 'widget';
    // A preflight hits the catch-all OPTIONS route: look up the route it asks about.
    const requested = request.headers['access-control-request-method'];
    const path = request.url.split('?')[0] ?? '';
    return (
      findCatalogRoute(app.routeCatalog, typeof requested === 'string' ? requested : 'GET', path)?.auth === 'widget'
    );
  }

  await app.register(cors, {
    delegator: (request, callback) => {
      callback(null, request.headers.origin && targetsWidget(request) ? widgetCorsOptions : { origin: false });
    },
  });
});
