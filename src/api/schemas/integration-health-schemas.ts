import { z } from 'zod';
import { environmentSchema } from './key-schemas.js';

const status = z.enum(['ok', 'warning', 'error']);
const verdict = { status, message: z.string().describe('One line, plain language') };

export const integrationHealthSchema = z
  .object({
    environment: environmentSchema,
    checkedAt: z.string(),
    status: status.describe('The worst of the areas below'),
    keys: z.object({
      ...verdict,
      activeKeys: z.number().int(),
      expiringWithin14Days: z.number().int(),
      lastUsedAt: z.string().nullable(),
    }),
    pool: z.object({
      ...verdict,
      poolId: z.string().nullable().describe('The active pool actions draw from'),
      balance: z.number().int().nullable(),
      lowBalanceThreshold: z.number().int().nullable(),
    }),
    webhooks: z.object({
      ...verdict,
      activeEndpoints: z.number().int(),
      disabledEndpoints: z.number().int(),
      failingDeliveries24h: z.number().int().describe('Deliveries of the last 24 h that are FAILED or RETRYING'),
    }),
    recentFailures: z.object({
      ...verdict,
      actions24h: z.number().int(),
      failedActions24h: z.number().int(),
      failureCodes: z.array(z.object({ code: z.string(), count: z.number().int() })),
    }),
  })
  .meta({
    id: 'DashboardIntegrationHealth',
    examples: [
      {
        environment: 'sandbox',
        checkedAt: '2026-05-10T12:00:00.000Z',
        status: 'warning',
        keys: {
          status: 'warning',
          message: '1 active key expires within 14 days',
          activeKeys: 2,
          expiringWithin14Days: 1,
          lastUsedAt: '2026-05-10T11:58:30.000Z',
        },
        pool: {
          status: 'ok',
          message: 'Balance 88000 tokens, above the 5000 threshold',
          poolId: 'pool_4f8h2j6k0l3m7n1b5v9c',
          balance: 88000,
          lowBalanceThreshold: 5000,
        },
        webhooks: {
          status: 'ok',
          message: '1 active endpoint, no failing deliveries',
          activeEndpoints: 1,
          disabledEndpoints: 0,
          failingDeliveries24h: 0,
        },
        recentFailures: {
          status: 'ok',
          message: '1 of 42 actions failed in the last 24 hours',
          actions24h: 42,
          failedActions24h: 1,
          failureCodes: [{ code: 'INSUFFICIENT_POOL_BALANCE', count: 1 }],
        },
      },
    ],
  });
