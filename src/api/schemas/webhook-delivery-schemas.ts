import { z } from 'zod';
import { isoDateTime } from './common.js';

export const deliveryParams = z.strictObject({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) });

export const recoverDeliveriesBody = z.strictObject({
  since: isoDateTime.describe('Re-send every FAILED delivery of this webhook created at or after this time'),
});

export const retriedDeliverySchema = z
  .object({
    deliveryId: z.string(),
    webhookId: z.string(),
    eventId: z.string().describe('The same event id as before, so your dedupe still holds'),
    status: z.literal('PENDING'),
    manualRetry: z.number().int().describe('How many times this delivery has been re-queued by hand, this one included'),
  })
  .meta({ id: 'RetriedWebhookDelivery' });

export const recoveredDeliveriesSchema = z
  .object({ webhookId: z.string(), since: z.string(), queued: z.number().int().describe('FAILED deliveries re-queued') })
  .meta({ id: 'RecoveredWebhookDeliveries' });

export const testDeliverySchema = z
  .object({ deliveryId: z.string(), eventId: z.string(), webhookId: z.string(), status: z.literal('PENDING') })
  .meta({ id: 'TestWebhookDelivery' });
