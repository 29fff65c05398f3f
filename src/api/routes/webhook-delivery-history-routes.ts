import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DeliveryHistoryQueries } from '../../webhooks/history/delivery-history-queries.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, optionalDate, pageOf } from '../schemas/common.js';
import { listDeliveriesQuery, webhookDeliverySchema } from '../schemas/webhook-history-schemas.js';
import { webhookIdParams } from '../schemas/webhook-schemas.js';

export const webhookDeliveryHistoryRoutes: FastifyPluginAsyncZod<{ deliveryHistory: DeliveryHistoryQueries }> = async (
  app,
  { deliveryHistory },
) => {
  app.get('/v1/partner/webhooks/:id/deliveries', {
    config: { auth: 'hmac' },
    schema: {
      tags: ['Webhooks'],
      summary: 'Delivery history: payload, headers and every attempt, newest delivery first',
      params: webhookIdParams,
      querystring: listDeliveriesQuery,
      response: { 200: pageOf(webhookDeliverySchema), ...errorResponses },
    },
    handler: async (request) => {
      const { limit, cursor, status, eventType, from, to } = request.query;
      const filters = { status, eventType, from: optionalDate(from), to: optionalDate(to) };
      return deliveryHistory.list(partnerOf(request), request.params.id, filters, limit, cursor);
    },
  });
};
