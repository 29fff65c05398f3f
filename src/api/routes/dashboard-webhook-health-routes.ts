import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebhookHealthQueries } from '../../webhooks/history/webhook-health-queries.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses } from '../schemas/common.js';
import { webhookHealthSchema } from '../schemas/webhook-history-schemas.js';

export const dashboardWebhookHealthRoutes: FastifyPluginAsyncZod<{ webhookHealth: WebhookHealthQueries }> = async (
  app,
  { webhookHealth },
) => {
  app.get('/v1/partner/dashboard/webhooks/health', {
    config: { auth: 'hmac' },
    schema: {
      tags: ['Dashboard'],
      summary: 'Last-24h success rate, response time and recent failures, per endpoint and overall',
      response: { 200: webhookHealthSchema, ...errorResponses },
    },
    handler: async (request) => webhookHealth.health(partnerOf(request)),
  });
};
