import { z } from 'zod';
import { isoDateTime } from './common.js';
import { exampleIds } from './example-values.js';

export const deliveryParams = z.strictObject({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) });

export const recoverDeliveriesBody = z
  .strictObject({
    since: isoDateTime.describe('Re-send every FAILED delivery of this webhook created at or after this time'),
  })
  .meta({ examples: [{ since: '2026-05-10T00:00:00Z' }] });

export const retriedDeliverySchema = z
  .object({
    deliveryId: z.string(),
    webhookId: z.string(),
    eventId: z.string().describe('The same event id as before, so your dedupe still holds'),
    status: z.literal('PENDING'),
    manualRetry: z
      .number()
      .int()
      .describe('How many times this delivery has been re-queued by hand, this one included'),
  })
  .meta({
    id: 'RetriedWebhookDelivery',
    examples: [
      {
        deliveryId: exampleIds.delivery,
        webhookId: exampleIds.webhook,
        eventId: exampleIds.event,
        status: 'PENDING',
        manualRetry: 1,
      },
    ],
  });

export const recoveredDeliveriesSchema = z
  .object({
    webhookId: z.string(),
    since: z.string(),
    queued: z.number().int().describe('FAILED deliveries re-queued'),
  })
  .meta({
    id: 'RecoveredWebhookDeliveries',
    examples: [{ webhookId: exampleIds.webhook, since: '2026-05-10T00:00:00.000Z', queued: 3 }],
  });

export const testDeliverySchema = z
  .object({ deliveryId: z.string(), eventId: z.string(), webhookId: z.string(), status: z.literal('PENDING') })
  .meta({
    id: 'TestWebhookDelivery',
    examples: [
      {
        deliveryId: 'dlv_9s7d5f3g1h9j7k5l3z1x',
        eventId: 'evt_1x3c5v7b9n1m3l5k7j9h',
        webhookId: exampleIds.webhook,
        status: 'PENDING',
      },
    ],
  });
