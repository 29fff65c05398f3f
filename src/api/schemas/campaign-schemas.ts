import { z } from 'zod';
import { rewardRulesSchema } from '../../campaigns/reward-rules.js';
import { isoDateTime, pageQuerySchema } from './common.js';
import { exampleIds } from './example-values.js';

const campaignStatus = z.enum(['DRAFT', 'ACTIVE', 'PAUSED', 'COMPLETED']);
const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const tokenBudget = z.number().int().min(1).max(1_000_000_000_000);

const rewardRulesExample = {
  default: { fixedTokens: 0, tokensPerCurrencyUnit: 1 },
  actionTypes: { PURCHASE: { fixedTokens: 0, tokensPerCurrencyUnit: 2, maxTokens: 500 } },
  stakeholderWeights: { CUSTOMER: 3, REFERRER: 1 },
  defaultWeight: 1,
};

/** A double-points month: active, 12 % of its budget used. */
export const campaignExample = {
  id: exampleIds.campaign,
  name: 'Spring double points',
  description: 'Two tokens per dollar on purchases through May',
  status: 'ACTIVE' as const,
  environment: 'sandbox' as const,
  startsAt: '2026-05-01T00:00:00.000Z',
  endsAt: '2026-06-01T00:00:00.000Z',
  tokenBudget: 100000,
  tokensDistributed: 12000,
  tokensRemaining: 88000,
  budgetUsedPercent: 12,
  rewardRules: rewardRulesExample,
  activatedAt: '2026-05-01T00:00:00.000Z',
  pausedAt: null,
  completedAt: null,
  completionReason: null,
  budgetReachedAt: null,
  createdAt: '2026-04-20T10:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
};

export const campaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: campaignStatus,
    environment: z.enum(['sandbox', 'production']),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    tokenBudget: z.number().int(),
    tokensDistributed: z.number().int(),
    tokensRemaining: z.number().int(),
    budgetUsedPercent: z.number(),
    rewardRules: rewardRulesSchema,
    activatedAt: z.string().nullable(),
    pausedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    completionReason: z.enum(['SCHEDULE', 'BUDGET_REACHED', 'PARTNER']).nullable(),
    budgetReachedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Campaign', examples: [campaignExample] });

export const createCampaignBody = z
  .strictObject({
    name,
    description: description.optional(),
    startsAt: isoDateTime.describe('When the campaign becomes ACTIVE; a time already past activates it at once'),
    endsAt: isoDateTime
      .optional()
      .describe('When it COMPLETES; without it, it runs until its budget is used or it is ended'),
    tokenBudget: tokenBudget.describe('The most tokens actions naming this campaign may distribute'),
    rewardRules: rewardRulesSchema.describe('How actions naming this campaign are rewarded'),
  })
  .refine((body) => !body.endsAt || Date.parse(body.endsAt) > Date.parse(body.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  })
  .meta({
    examples: [
      {
        name: 'Spring double points',
        description: 'Two tokens per dollar on purchases through May',
        startsAt: '2026-05-01T00:00:00Z',
        endsAt: '2026-06-01T00:00:00Z',
        tokenBudget: 100000,
        rewardRules: rewardRulesExample,
      },
    ],
  });

export const updateCampaignBody = z
  .strictObject({
    name: name.optional(),
    description: description.nullable().optional(),
    status: z
      .enum(['ACTIVE', 'PAUSED', 'COMPLETED'])
      .optional()
      .describe('PAUSED pauses an active campaign, ACTIVE resumes a paused one, COMPLETED ends it now'),
    startsAt: isoDateTime.optional().describe('Only before the campaign starts'),
    endsAt: isoDateTime.nullable().optional().describe('A future time, or null for no end'),
    tokenBudget: tokenBudget.optional().describe('Can only be raised'),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ examples: [{ status: 'PAUSED', tokenBudget: 150000 }] });

export const listCampaignsQuery = pageQuerySchema.extend({ status: campaignStatus.optional() });

export const campaignIdParams = z.strictObject({ id: z.string().min(1).max(64) });

const dailyFigures = z.object({
  date: z.string().describe('UTC day, YYYY-MM-DD'),
  actions: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  tokensDistributed: z.number().int(),
  tokensReversed: z.number().int(),
});

export const campaignAnalyticsSchema = z
  .object({
    campaignId: z.string(),
    status: campaignStatus,
    totalActions: z.number().int(),
    completedActions: z.number().int(),
    failedActions: z.number().int(),
    processingActions: z.number().int(),
    tokenBudget: z.number().int(),
    tokensDistributed: z.number().int(),
    tokensRemaining: z.number().int(),
    tokensReversed: z.number().int(),
    budgetUsedPercent: z.number(),
    uniqueUsers: z.number().int().describe('Distinct users credited by completed actions'),
    daily: z.array(dailyFigures).describe('Days with at least one action, oldest first'),
  })
  .meta({
    id: 'CampaignAnalytics',
    examples: [
      {
        campaignId: exampleIds.campaign,
        status: 'ACTIVE',
        totalActions: 130,
        completedActions: 120,
        failedActions: 8,
        processingActions: 2,
        tokenBudget: 100000,
        tokensDistributed: 12000,
        tokensRemaining: 88000,
        tokensReversed: 150,
        budgetUsedPercent: 12,
        uniqueUsers: 97,
        daily: [
          { date: '2026-05-01', actions: 70, completed: 66, failed: 4, tokensDistributed: 6500, tokensReversed: 0 },
          { date: '2026-05-02', actions: 60, completed: 54, failed: 4, tokensDistributed: 5500, tokensReversed: 150 },
        ],
      },
    ],
  });
