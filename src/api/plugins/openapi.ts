import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { RouteAuth } from './authentication.js';
import { webhookDocs } from './webhook-docs.js';

const securityByAuth: Record<Exclude<RouteAuth, 'operator'>, Array<Record<string, string[]>>> = {
  none: [],
  jwt: [{ portalJwt: [] }],
  widget: [{ partnerKey: [] }],
  hmac: [{ partnerKey: [], timestamp: [], signature: [] }],
  'hmac-secret': [{ partnerKey: [], timestamp: [], signature: [] }],
};

const hmacHelp =
  'Sign every server request: `X-Signature = HMAC_SHA256_hex(hmacSecret, timestamp + METHOD + pathWithQuery + SHA256_hex(rawBody))`, ' +
  'with `X-Timestamp` in Unix seconds within 5 minutes of server time. Routes marked "secret key" refuse `pk_` keys with 403.';

/** The OpenAPI document and the interactive docs at /partner-api, generated from the route schemas. */
export const openApi = fp(async (app: FastifyInstance) => {
  // Registered before swagger so the security it derives from each route's auth is in the document.
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth ?? 'none';
    if (!route.schema || auth === 'none') return;
    // Admin routes serve SIR Giving operators; the partner docs leave them out (docs/operations/runbook.md).
    if (auth === 'operator') {
      route.schema.hide = true;
      return;
    }
    route.schema.security ??= securityByAuth[auth];
    if (auth === 'hmac-secret') route.schema.description = `Secret key required. ${route.schema.description ?? ''}`.trim();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'SIR Giving Partner API', version: '1.0.0', description: hmacHelp },
      components: {
        securitySchemes: {
          partnerKey: { type: 'apiKey', in: 'header', name: 'X-Partner-Key', description: 'pk_… or sk_… key; test keys act on sandbox, live keys on production' },
          timestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp', description: 'Unix seconds' },
          signature: { type: 'apiKey', in: 'header', name: 'X-Signature', description: 'HMAC-SHA256 hex, see above' },
          portalJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      webhooks: webhookDocs(),
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/partner-api' });
});
