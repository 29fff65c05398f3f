import { z } from 'zod';
import { environmentSchema } from './key-schemas.js';

const days = z.coerce
  .number()
  .int()
  .min(1)
  .max(365)
  .default(30)
  .describe('Whole UTC days ending today: 1 is today only');
const limit = (fallback: number) =>
  z.coerce.number().int().min(1).max(100).default(fallback).describe('How many rows, 1 to 100');

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
  .meta({
    id: 'DashboardSummary',
    examples: [
      {
        environment: 'sandbox',
        pools: { count: 2, active: 1, totalBalance: 88000, lowBalance: 0, lowBalancePoolIds: [] },
        activity: {
          last30Days: { actions: 1300, completed: 1240, failed: 60, tokensDistributed: 61000 },
          today: { actions: 42, completed: 41, failed: 1, tokensDistributed: 2050 },
        },
        users: { total: 5400, newLast30Days: 610 },
      },
    ],
  });

export const dashboardTrendsSchema = z
  .object({ ...period, data: z.array(activityFigures.extend({ date: z.string(), newUsers: z.number().int() })) })
  .meta({
    id: 'DashboardTrends',
    examples: [
      {
        days: 2,
        from: '2026-05-09',
        to: '2026-05-10',
        data: [
          { date: '2026-05-09', actions: 48, completed: 46, failed: 2, tokensDistributed: 2300, newUsers: 21 },
          { date: '2026-05-10', actions: 42, completed: 41, failed: 1, tokensDistributed: 2050, newUsers: 18 },
        ],
      },
    ],
  });

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
  .meta({
    id: 'DashboardTopEarners',
    examples: [
      {
        days: 30,
        from: '2026-04-11',
        to: '2026-05-10',
        data: [{ partnerUserId: 'user_42', tokensEarned: 170, tokensReversed: 25, balance: 120 }],
      },
    ],
  });

const usageFigures = z.object({
  requests: z.number().int(),
  errors: z.number().int().describe('Responses with status 400 or above, 429s included'),
  serverErrors: z.number().int(),
  rateLimited: z.number().int().describe('429 responses'),
  errorRate: z.number().describe('errors / requests'),
  averageMs: z.number(),
  maxMs: z.number(),
});

const usageExample = {
  requests: 1200,
  errors: 12,
  serverErrors: 0,
  rateLimited: 2,
  errorRate: 0.01,
  averageMs: 38.5,
  maxMs: 412,
};

export const apiUsageSchema = z
  .object({
    ...period,
    totals: usageFigures,
    daily: z.array(usageFigures.extend({ date: z.string() })),
    routes: z.array(
      usageFigures.extend({
        method: z.string(),
        route: z.string().describe('Route pattern, e.g. /v1/partner/actions/:id'),
      }),
    ),
    keys: z.array(
      usageFigures.extend({ keyId: z.string(), name: z.string().nullable(), publicKey: z.string().nullable() }),
    ),
  })
  .meta({
    id: 'DashboardApiUsage',
    examples: [
      {
        days: 1,
        from: '2026-05-10',
        to: '2026-05-10',
        totals: usageExample,
        daily: [{ ...usageExample, date: '2026-05-10' }],
        routes: [{ ...usageExample, method: 'POST', route: '/v1/partner/actions/submit' }],
        keys: [
          {
            ...usageExample,
            keyId: 'key_2w4e6r8t0y2u4i6o8p0a',
            name: 'Checkout server',
            publicKey: 'pk_test_4f9a2c7e1b8d3f6a0k5m2n7p9q3r8s1t',
          },
        ],
      },
    ],
  });

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
  .meta({
    id: 'DashboardRecentActivity',
    examples: [
      {
        data: [
          {
            type: 'reversal',
            id: 'rev_3c5v7b9n1m3k5j7h9g1f',
            actionId: 'act_9z8x7c6v5b4n3m2l1k0j',
            actionType: 'PURCHASE',
            status: 'COMPLETED',
            tokens: 50,
            failureCode: null,
            createdAt: '2026-05-12T14:30:00.000Z',
          },
          {
            type: 'action',
            id: 'act_9z8x7c6v5b4n3m2l1k0j',
            actionId: 'act_9z8x7c6v5b4n3m2l1k0j',
            actionType: 'PURCHASE',
            status: 'COMPLETED',
            tokens: 50,
            failureCode: null,
            createdAt: '2026-05-10T09:12:00.000Z',
          },
        ],
      },
    ],
  });
