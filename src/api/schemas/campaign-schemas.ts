import { z } from 'zod';
import { rewardRulesSchema } from '../../actions/reward-rules.js';
import { isoDateTime, pageQuerySchema } from './common.js';

const campaignStatus = z.enum(['DRAFT', 'ACTIVE', 'PAUSED', 'COMPLETED']);
const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const tokenBudget = z.number().int().min(1).max(1_000_000_000_000);

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
  .meta({ id: 'Campaign' });

export const createCampaignBody = z
  .strictObject({
    name,
    description: description.optional(),
    startsAt: isoDateTime.describe('When the campaign becomes ACTIVE; a time already past activates it at once'),
    endsAt: isoDateTime.optional().describe('When it COMPLETES; without it, it runs until its budget is used or it is ended'),
    tokenBudget: tokenBudget.describe('The most tokens actions naming this campaign may distribute'),
    rewardRules: rewardRulesSchema.describe('How actions naming this campaign are rewarded'),
  })
  .refine((body) => !body.endsAt || Date.parse(body.endsAt) > Date.parse(body.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });

export const updateCampaignBody = z
  .strictObject({
    name: name.optional(),
    description: description.nullable().optional(),
    status: z.enum(['ACTIVE', 'PAUSED', 'COMPLETED']).optional().describe('PAUSED pauses an active campaign, ACTIVE resumes a paused one, COMPLETED ends it now'),
    startsAt: isoDateTime.optional().describe('Only before the campaign starts'),
    endsAt: isoDateTime.nullable().optional().describe('A future time, or null for no end'),
    tokenBudget: tokenBudget.optional().describe('Can only be raised'),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

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
  .meta({ id: 'CampaignAnalytics' });
