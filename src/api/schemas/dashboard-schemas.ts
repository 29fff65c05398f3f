import { z } from 'zod';
import { environmentSchema } from './key-schemas.js';

const days = z.coerce.number().int().min(1).max(365).default(30).describe('Whole UTC days ending today: 1 is today only');
const limit = (fallback: number) => z.coerce.number().int().min(1).max(100).default(fallback).describe('How many rows, 1 to 100');

export const daysQuery = z.strictObject({ days });
export const topEarnersQuery = z.strictObject({ days, limit: limit(10) });
export const recentActivityQuery = z.strictObject({ limit: limit(20) });

const period = {
  days: z.number().int(),
  from: z.string().describe('First day of the window, YYYY-MM-DD (UTC)'),
  to: z.string().describe('Last day of the window (today), YYYY-MM-DD (UTC)'),
};

const activityFigures = z.object({
  actions: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  tokensDistributed: z.number().int(),
});

export const dashboardSummarySchema = z
  .object({
    environment: environmentSchema,
    pools: z.object({
      count: z.number().int(),
      active: z.number().int(),
      totalBalance: z.number().int(),
      lowBalance: z.number().int().describe('Active pools below their low-balance threshold'),
      lowBalancePoolIds: z.array(z.string()),
    }),
    activity: z.object({ last30Days: activityFigures, today: activityFigures }),
    users: z.object({ total: z.number().int(), newLast30Days: z.number().int() }),
  })
  .meta({ id: 'DashboardSummary' });

export const dashboardTrendsSchema = z
  .object({ ...period, data: z.array(activityFigures.extend({ date: z.string(), newUsers: z.number().int() })) })
  .meta({ id: 'DashboardTrends' });

export const topEarnersSchema = z
  .object({
    ...period,
    data: z.array(
      z.object({
        partnerUserId: z.string().describe('Your external user id'),
        tokensEarned: z.number().int().describe('Reward tokens credited in the window'),
        tokensReversed: z.number().int().describe('Tokens taken back by reversals in the window'),
        balance: z.number().int().describe('Current balance'),
      }),
    ),
  })
  .meta({ id: 'DashboardTopEarners' });

const usageFigures = z.object({
  requests: z.number().int(),
  errors: z.number().int().describe('Responses with status 400 or above, 429s included'),
  serverErrors: z.number().int(),
  rateLimited: z.number().int().describe('429 responses'),
  errorRate: z.number().describe('errors / requests'),
  averageMs: z.number(),
  maxMs: z.number(),
});

export const apiUsageSchema = z
  .object({
    ...period,
    totals: usageFigures,
    daily: z.array(usageFigures.extend({ date: z.string() })),
    routes: z.array(usageFigures.extend({ method: z.string(), route: z.string().describe('Route pattern, e.g. /v1/partner/actions/:id') })),
    keys: z.array(usageFigures.extend({ keyId: z.string(), name: z.string().nullable(), publicKey: z.string().nullable() })),
  })
  .meta({ id: 'DashboardApiUsage' });

export const recentActivitySchema = z
  .object({
    data: z.array(
      z.object({
        type: z.enum(['action', 'reversal']),
        id: z.string(),
        actionId: z.string(),
        actionType: z.string(),
        status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']),
        tokens: z.number().int().describe('Distributed by an action; taken back (returned plus debt) by a reversal'),
        failureCode: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'DashboardRecentActivity' });
