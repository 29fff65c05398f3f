import { z } from 'zod';
import { isoDateTime, metadataSchema, pageQuerySchema } from './common.js';

const code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)');

export const stakeholderSchema = z.strictObject({
  stakeholderTypeCode: code.describe('Who this stakeholder is, e.g. CUSTOMER or REFERRER'),
  partnerUserId: z.string().min(1).max(255).describe('Your external user id'),
  userEmail: z.email().max(320).optional(),
  userFirstName: z.string().trim().min(1).max(100).optional(),
  userLastName: z.string().trim().min(1).max(100).optional(),
});

export const submitActionBody = z
  .strictObject({
    idempotencyKey: z.string().min(1).max(255).describe('Stable key for the real-world event; retries reuse it'),
    actionType: code.describe('e.g. PURCHASE, VOLUNTEER, REFERRAL'),
    amount: z.number().min(0).max(1_000_000_000).multipleOf(0.00000001).optional().describe('Currency amount, e.g. 49.99'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. USD').optional(),
    stakeholders: z.array(stakeholderSchema).min(1).max(20),
    autoCreateUsers: z.boolean().default(false),
    metadata: metadataSchema.optional(),
    campaignId: z.string().min(1).max(64).optional(),
  })
  .refine((body) => (body.amount === undefined) === (body.currency === undefined), {
    message: 'amount and currency go together',
    path: ['currency'],
  });

export const actionResultSchema = z
  .object({
    actionId: z.string(),
    idempotencyKey: z.string(),
    status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']),
    tokensDistributed: z.number().int(),
    transactionIds: z.array(z.string()),
    failure: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .meta({ id: 'ActionResult' });

export const actionSchema = actionResultSchema
  .extend({
    actionType: z.string(),
    amount: z.number().nullable(),
    currency: z.string().nullable(),
    campaignId: z.string().nullable(),
    poolId: z.string().nullable(),
    environment: z.enum(['sandbox', 'production']),
    stakeholders: z.array(
      z.object({
        partnerUserId: z.string(),
        stakeholderTypeCode: z.string(),
        tokens: z.number().int(),
        debtRepaid: z.number().int(),
        transactionId: z.string(),
      }),
    ),
    metadata: z.record(z.string(), z.unknown()),
    tokensReversed: z.number().int(),
    reversedPercentage: z.number(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'Action' });

export const listActionsQuery = pageQuerySchema.extend({
  status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']).optional(),
  actionType: code.optional(),
  partnerUserId: z.string().min(1).max(255).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

export const actionIdParams = z.strictObject({ id: z.string().min(1).max(64) });
