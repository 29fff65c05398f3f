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
  .meta({ id: 'DashboardIntegrationHealth' });
