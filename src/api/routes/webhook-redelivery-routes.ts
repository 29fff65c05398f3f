import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebhookDeliveryService } from '../../webhooks/redelivery/delivery-service.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses } from '../schemas/common.js';
import {
  deliveryParams,
  recoverDeliveriesBody,
  recoveredDeliveriesSchema,
  retriedDeliverySchema,
  testDeliverySchema,
} from '../schemas/webhook-delivery-schemas.js';
import { webhookIdParams } from '../schemas/webhook-schemas.js';

const tags = ['Webhooks'];
const contextOf = (request: FastifyRequest) => ({ requestId: request.id, log: request.log });

export const webhookRedeliveryRoutes: FastifyPluginAsyncZod<{ webhookDeliveries: WebhookDeliveryService }> = async (
  app,
  { webhookDeliveries },
) => {
  app.post('/v1/partner/webhooks/:id/deliveries/:deliveryId/retry', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Re-queue one delivery',
      description:
        'Sends a FAILED, CANCELLED or DELIVERED delivery again as a new run with a fresh retry schedule; 409 while it is still PENDING or RETRYING, or while the webhook is disabled.',
      params: deliveryParams,
      response: { 202: retriedDeliverySchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { id, deliveryId } = request.params;
      return reply
        .code(202)
        .send(await webhookDeliveries.retry(partnerOf(request), id, deliveryId, contextOf(request)));
    },
  });

  app.post('/v1/partner/webhooks/:id/deliveries/recover', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Re-send every failed delivery since a time',
      description: 'Re-queues every FAILED delivery of this webhook created at or after `since`, and answers how many.',
      params: webhookIdParams,
      body: recoverDeliveriesBody,
      response: { 202: recoveredDeliveriesSchema, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply
        .code(202)
        .send(
          await webhookDeliveries.recover(
            partnerOf(request),
            request.params.id,
            new Date(request.body.since),
            contextOf(request),
          ),
        ),
  });

  app.post('/v1/partner/webhooks/:id/test', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Send a test ping',
      description:
        'Sends a partner.status_changed event with data { type: "ping", message, webhookId, timestamp } to this webhook only; answers with its delivery.',
      params: webhookIdParams,
      response: { 202: testDeliverySchema, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply.code(202).send(await webhookDeliveries.sendTest(partnerOf(request), request.params.id, contextOf(request))),
  });
};
