import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { docsPageOptions } from '../docs-page/docs-page-options.js';
import type { RouteAuth } from './authentication.js';
import { webhookDocs } from './webhook-docs.js';

const securityByAuth: Record<Exclude<RouteAuth, 'operator' | 'none'>, Array<Record<string, string[]>>> = {
  jwt: [{ portalJwt: [] }],
  widget: [{ partnerKey: [] }],
  hmac: [{ partnerKey: [], timestamp: [], signature: [] }],
  'hmac-secret': [{ partnerKey: [], timestamp: [], signature: [] }],
};

/** What the docs page says each route takes; `x-sir-auth` tells its signing script the same. */
const keyNotes: Record<Exclude<RouteAuth, 'operator'>, string> = {
  none: 'Key: none.',
  jwt: 'Key: portal session, `Authorization: Bearer <token>` from `POST /v1/partner/auth/login` (Authorize → portalJwt).',
  widget: 'Key: publishable key `pk_…` in `X-Partner-Key`, unsigned; secret keys are refused.',
  hmac: "Key: secret key `sk_…` (or its `pk_` twin) in `X-Partner-Key`, signed with the pair's HMAC secret.",
  'hmac-secret':
    'Key: secret key `sk_…` in `X-Partner-Key`, signed with its HMAC secret; publishable keys are refused with 403.',
};

const hmacHelp =
  'Sign every server request: `X-Signature = HMAC_SHA256_hex(hmacSecret, timestamp + METHOD + pathWithQuery + SHA256_hex(rawBody))`, ' +
  'with `X-Timestamp` in Unix seconds within 5 minutes of server time. Each route says which key it takes. ' +
  'To try a route from this page, enter your sandbox keys in the form above: the page signs each request in the browser and keeps the keys in memory only.';

/** The OpenAPI document and the interactive docs at /partner-api, generated from the route schemas. */
export const openApiDocs = fp(async (app: FastifyInstance) => {
  // Registered before swagger so the security it derives from each route's auth is in the document.
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth ?? 'none';
    if (!route.schema) return;
    // Admin routes serve SIR Giving operators; the partner docs leave them out (docs/operations/runbook.md).
    if (auth === 'operator') {
      route.schema.hide = true;
      return;
    }
    // A copy: Fastify's HEAD twin of a GET route, and routes sharing one schema, would note it twice.
    const documented: FastifySchema & { 'x-sir-auth': RouteAuth } = {
      ...route.schema,
      description: `${keyNotes[auth]}\n\n${route.schema.description ?? ''}`.trim(),
      'x-sir-auth': auth,
    };
    if (auth !== 'none') documented.security ??= securityByAuth[auth];
    route.schema = documented;
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'SIR Giving Partner API', version: '1.0.0', description: hmacHelp },
      components: {
        securitySchemes: {
          partnerKey: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Partner-Key',
            description: 'pk_… or sk_… key; test keys act on sandbox, live keys on production',
          },
          timestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp', description: 'Unix seconds' },
          signature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Signature',
            description: 'HMAC-SHA256 hex, see above; this page computes it from the keys in its form',
          },
          portalJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      webhooks: webhookDocs(),
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, docsPageOptions);
});
