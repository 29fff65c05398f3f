import { z } from 'zod';
import { isoDateTime, pageQuerySchema } from './common.js';
import { exampleIds, exampleTimes } from './example-values.js';
import { endpointCircuitSchema } from './webhook-schemas.js';

const deliveryStatus = z.enum(['PENDING', 'RETRYING', 'DELIVERED', 'FAILED', 'CANCELLED']);

const attemptExample = {
  attemptNumber: 1,
  responseStatus: 200,
  responseBody: '{"received":true}',
  durationMs: 84,
  error: null,
  succeeded: true,
  createdAt: exampleTimes.completed,
};

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
  .meta({ id: 'WebhookAttempt', examples: [attemptExample] });

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
      headers: z
        .record(z.string(), z.string())
        .nullable()
        .describe('Headers of the latest attempt; null before the first'),
    }),
    attempts: z.array(webhookAttemptSchema).describe('Oldest first'),
  })
  .meta({
    id: 'WebhookDelivery',
    examples: [
      {
        id: exampleIds.delivery,
        eventId: exampleIds.event,
        eventType: 'action.completed',
        status: 'DELIVERED',
        attemptCount: 1,
        manualRetries: 0,
        createdAt: exampleTimes.completed,
        deliveredAt: exampleTimes.completed,
        lastError: null,
        lastResponseStatus: 200,
        nextAttemptAt: null,
        request: {
          payload: {
            id: exampleIds.event,
            type: 'action.completed',
            createdAt: exampleTimes.completed,
            data: {
              actionId: exampleIds.action,
              idempotencyKey: 'purchase_98765',
              status: 'COMPLETED',
              tokensDistributed: 50,
              transactionIds: [exampleIds.rewardTransaction],
              actionType: 'PURCHASE',
            },
          },
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'SIRGiving-Webhooks/1.0',
            'X-SIR-Signature': 'sha256=5d41402abc4b2a76b9719d911017c592ae3f4c1b0e2d6a8f9c7b5e3d1a0f2c4e',
            'X-SIR-Timestamp': '1778404321',
            'X-SIR-Delivery-Id': exampleIds.delivery,
            'X-SIR-Event-Id': exampleIds.event,
            'Request-Id': 'req_0a2s4d6f8g0h2j4k6l8z',
          },
        },
        attempts: [attemptExample],
      },
    ],
  });

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
  recentFailures: z
    .array(
      z.object({
        webhookId: z.string(),
        deliveryId: z.string(),
        eventType: z.string(),
        attemptNumber: z.number().int(),
        responseStatus: z.number().int().nullable(),
        error: z.string().nullable(),
        attemptedAt: z.string(),
      }),
    )
    .describe('Newest failed attempts first'),
};

const healthExample = {
  attempts: 120,
  succeededAttempts: 118,
  failedAttempts: 2,
  successRate: 0.9833,
  averageResponseTimeMs: 91,
  deliveries: 117,
  failingDeliveries: 1,
  recentFailures: [
    {
      webhookId: exampleIds.webhook,
      deliveryId: 'dlv_1a3s5d7f9g1h3j5k7l9z',
      eventType: 'transaction.completed',
      attemptNumber: 2,
      responseStatus: 503,
      error: 'HTTP 503',
      attemptedAt: '2026-05-10T11:40:00.000Z',
    },
  ],
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
        circuit: endpointCircuitSchema,
        ...healthFigures,
      }),
    ),
  })
  .meta({
    id: 'WebhookHealth',
    examples: [
      {
        window: { from: '2026-05-09T12:00:00.000Z', to: '2026-05-10T12:00:00.000Z' },
        overall: healthExample,
        endpoints: [
          {
            id: exampleIds.webhook,
            url: 'https://your-app.example.com/webhooks/sir',
            isActive: true,
            disabledReason: null,
            disabledAt: null,
            consecutiveFailures: 1,
            circuit: {
              state: 'open',
              openedAt: '2026-05-10T11:39:30.000Z',
              nextProbeAt: '2026-05-10T11:44:00.000Z',
              failingSince: '2026-05-10T11:38:00.000Z',
              failedAttemptsInRow: 6,
            },
            ...healthExample,
          },
        ],
      },
    ],
  });
