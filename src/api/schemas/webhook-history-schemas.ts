import { z } from 'zod';
import { isoDateTime, pageQuerySchema } from './common.js';

const deliveryStatus = z.enum(['PENDING', 'RETRYING', 'DELIVERED', 'FAILED', 'CANCELLED']);

export const webhookAttemptSchema = z
  .object({
    attemptNumber: z.number().int(),
    responseStatus: z.number().int().nullable(),
    responseBody: z.string().nullable().describe('Truncated to 10 KB'),
    durationMs: z.number().int(),
    error: z.string().nullable().describe('Why the attempt failed: a non-2xx status, a timeout, a refused connection…'),
    succeeded: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().describe('Stays the same across retries, so receivers can dedupe'),
    eventType: z.string(),
    status: deliveryStatus,
    attemptCount: z.number().int(),
    manualRetries: z.number().int(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastResponseStatus: z.number().int().nullable(),
    nextAttemptAt: z.string().nullable(),
    request: z.object({
      payload: z.unknown().describe('The JSON body sent, byte for byte the one that was signed'),
      headers: z.record(z.string(), z.string()).nullable().describe('Headers of the latest attempt; null before the first'),
    }),
    attempts: z.array(webhookAttemptSchema).describe('Oldest first'),
  })
  .meta({ id: 'WebhookDelivery' });

export const listDeliveriesQuery = pageQuerySchema.extend({
  status: deliveryStatus.optional(),
  eventType: z.string().min(1).max(100).optional(),
  from: isoDateTime.optional().describe('Created at or after'),
  to: isoDateTime.optional().describe('Created before'),
});

const healthFigures = {
  attempts: z.number().int(),
  succeededAttempts: z.number().int(),
  failedAttempts: z.number().int(),
  successRate: z.number().nullable().describe('Succeeded attempts / attempts, 0 to 1; null without attempts'),
  averageResponseTimeMs: z.number().int().nullable().describe('Over attempts that received an HTTP response'),
  deliveries: z.number().int().describe('Deliveries attempted in the window'),
  failingDeliveries: z.number().int().describe('Of those, the ones now RETRYING or FAILED'),
  recentFailures: z.array(
    z.object({
      webhookId: z.string(),
      deliveryId: z.string(),
      eventType: z.string(),
      attemptNumber: z.number().int(),
      responseStatus: z.number().int().nullable(),
      error: z.string().nullable(),
      attemptedAt: z.string(),
    }),
  ).describe('Newest failed attempts first'),
};

export const webhookHealthSchema = z
  .object({
    window: z.object({ from: z.string(), to: z.string() }).describe('The last 24 hours'),
    overall: z.object(healthFigures),
    endpoints: z.array(
      z.object({
        id: z.string(),
        url: z.string(),
        isActive: z.boolean(),
        disabledReason: z.string().nullable(),
        disabledAt: z.string().nullable(),
        consecutiveFailures: z.number().int(),
        ...healthFigures,
      }),
    ),
  })
  .meta({ id: 'WebhookHealth' });
