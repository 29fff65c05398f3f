import { z } from 'zod';
import { pageQuerySchema } from './common.js';
import { exampleIds, exampleTimes, exampleUserId } from './example-values.js';

const statuses = ['PENDING', 'APPROVED', 'COMPLETED', 'REJECTED'] as const;

export const redeemTokensBody = z
  .strictObject({
    idempotencyKey: z.string().min(1).max(255).describe('Stable key for this redemption; retries reuse it'),
    tokens: z.number().int().positive().max(1_000_000_000).describe('Whole tokens to spend'),
    organizationSlug: z.string().min(1).max(100).describe('The receiving nonprofit, e.g. feeding-america'),
    note: z.string().trim().min(1).max(500).optional().describe('Shown with the redemption, e.g. a dedication'),
  })
  .meta({
    examples: [
      {
        idempotencyKey: 'redeem_user_42_0510',
        tokens: 25,
        organizationSlug: 'feeding-america',
        note: 'In memory of Grandma Rose',
      },
    ],
  });

export const redemptionExample = {
  redemptionId: exampleIds.redemption,
  idempotencyKey: 'redeem_user_42_0510',
  partnerUserId: exampleUserId,
  tokens: 25,
  organizationSlug: 'feeding-america',
  organizationName: 'Feeding America',
  note: 'In memory of Grandma Rose',
  status: 'COMPLETED' as const,
  transactionId: exampleIds.redemptionTransaction,
  createdAt: exampleTimes.reversed,
  reviewedAt: exampleTimes.reversed,
  completedAt: exampleTimes.later,
};

export const redemptionSchema = z
  .object({
    redemptionId: z.string(),
    idempotencyKey: z.string(),
    partnerUserId: z.string().describe('Your external user id'),
    tokens: z.number().int(),
    organizationSlug: z.string(),
    organizationName: z.string(),
    note: z.string().nullable(),
    status: z.enum(statuses),
    transactionId: z.string().nullable().describe('The ledger transaction that spent the tokens, once approved'),
    rejection: z.object({ code: z.string(), message: z.string() }).optional(),
    createdAt: z.string(),
    reviewedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'Redemption', examples: [redemptionExample] });

export const userRedemptionsQuery = pageQuerySchema.extend({ status: z.enum(statuses).optional() });

export const listRedemptionsQuery = userRedemptionsQuery.extend({
  partnerUserId: z.string().min(1).max(255).optional().describe("Only this user's redemptions"),
});

export const redemptionIdParams = z.strictObject({ id: z.string().min(1).max(64) });
