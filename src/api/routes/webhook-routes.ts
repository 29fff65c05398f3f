import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WebhookEndpointService } from '../../webhooks/endpoints/endpoint-service.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, pageOf, pageQuerySchema } from '../schemas/common.js';
import {
  createWebhookBody,
  rotateSecretBody,
  updateWebhookBody,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
  webhookIdParams,
} from '../schemas/webhook-schemas.js';

const tags = ['Webhooks'];
const contextOf = (request: FastifyRequest) => ({ requestId: request.id, log: request.log });

export const webhookRoutes: FastifyPluginAsyncZod<{ webhooks: WebhookEndpointService }> = async (app, { webhooks }) => {
  app.post('/v1/partner/webhooks', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Register a webhook endpoint (secret shown once; a ping follows)',
      body: createWebhookBody,
      response: { 201: webhookEndpointWithSecretSchema, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await webhooks.create(partnerOf(request), request.body, contextOf(request))),
  });

  app.get('/v1/partner/webhooks', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'List webhook endpoints (no secrets)',
      querystring: pageQuerySchema,
      response: { 200: pageOf(webhookEndpointSchema), ...errorResponses },
    },
    handler: async (request) => webhooks.list(partnerOf(request), request.query.limit, request.query.cursor),
  });

  app.get('/v1/partner/webhooks/:id', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get one webhook endpoint (no secret)',
      params: webhookIdParams,
      response: { 200: webhookEndpointSchema, ...errorResponses },
    },
    handler: async (request) => webhooks.get(partnerOf(request), request.params.id),
  });

  app.patch('/v1/partner/webhooks/:id', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Update, disable or re-enable an endpoint',
      params: webhookIdParams,
      body: updateWebhookBody,
      response: { 200: webhookEndpointSchema, ...errorResponses },
    },
    handler: async (request) =>
      webhooks.update(partnerOf(request), request.params.id, request.body, contextOf(request)),
  });

  app.delete('/v1/partner/webhooks/:id', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Delete an endpoint and stop its pending deliveries',
      params: webhookIdParams,
      response: { 204: z.null().describe('Deleted'), ...errorResponses },
    },
    handler: async (request, reply) => {
      await webhooks.remove(partnerOf(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  });

  app.post('/v1/partner/webhooks/:id/rotate-secret', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Rotate the signing secret (new one shown once; the old one signs too during the grace period)',
      params: webhookIdParams,
      body: rotateSecretBody,
      response: { 200: webhookEndpointWithSecretSchema, ...errorResponses },
    },
    handler: async (request) => webhooks.rotateSecret(partnerOf(request), request.params.id, request.body),
  });
};
