import { z } from 'zod';
import { isoDateTime, metadataSchema, pageQuerySchema } from './common.js';
import { exampleIds, exampleTimes, exampleUserId } from './example-values.js';

const code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)');

export const stakeholderSchema = z.strictObject({
  stakeholderTypeCode: code.describe('Who this stakeholder is, e.g. CUSTOMER or REFERRER'),
  partnerUserId: z.string().min(1).max(255).describe('Your external user id'),
  userEmail: z.email().max(320).optional(),
  userFirstName: z.string().trim().min(1).max(100).optional(),
  userLastName: z.string().trim().min(1).max(100).optional(),
});

/** The spec's purchase: user_42 buys for 49.99 USD and earns 50 tokens. */
export const submitActionExample = {
  idempotencyKey: 'purchase_98765',
  actionType: 'PURCHASE',
  amount: 49.99,
  currency: 'USD',
  stakeholders: [
    {
      stakeholderTypeCode: 'CUSTOMER',
      partnerUserId: exampleUserId,
      userEmail: 'customer@example.com',
      userFirstName: 'Jane',
      userLastName: 'Doe',
    },
  ],
  autoCreateUsers: true,
  metadata: { orderId: '98765' },
};

export const actionResultExample = {
  actionId: exampleIds.action,
  idempotencyKey: 'purchase_98765',
  status: 'COMPLETED' as const,
  tokensDistributed: 50,
  transactionIds: [exampleIds.rewardTransaction],
};

export const submitActionBody = z
  .strictObject({
    idempotencyKey: z.string().min(1).max(255).describe('Stable key for the real-world event; retries reuse it'),
    actionType: code.describe('e.g. PURCHASE, VOLUNTEER, REFERRAL'),
    amount: z
      .number()
      .min(0)
      .max(1_000_000_000)
      .multipleOf(0.00000001)
      .optional()
      .describe('Currency amount, e.g. 49.99'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. USD')
      .optional(),
    stakeholders: z.array(stakeholderSchema).min(1).max(20),
    autoCreateUsers: z.boolean().default(false),
    metadata: metadataSchema.optional(),
    campaignId: z.string().min(1).max(64).optional(),
  })
  .refine((body) => (body.amount === undefined) === (body.currency === undefined), {
    message: 'amount and currency go together',
    path: ['currency'],
  })
  .meta({ examples: [submitActionExample] });

export const actionResultSchema = z
  .object({
    actionId: z.string(),
    idempotencyKey: z.string(),
    status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']),
    tokensDistributed: z.number().int(),
    transactionIds: z.array(z.string()),
    failure: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .meta({ id: 'ActionResult', examples: [actionResultExample] });

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
  .meta({
    id: 'Action',
    examples: [
      {
        ...actionResultExample,
        actionType: 'PURCHASE',
        amount: 49.99,
        currency: 'USD',
        campaignId: null,
        poolId: exampleIds.pool,
        environment: 'sandbox',
        stakeholders: [
          {
            partnerUserId: exampleUserId,
            stakeholderTypeCode: 'CUSTOMER',
            tokens: 50,
            debtRepaid: 0,
            transactionId: exampleIds.rewardTransaction,
          },
        ],
        metadata: { orderId: '98765' },
        tokensReversed: 0,
        reversedPercentage: 0,
        createdAt: exampleTimes.created,
        completedAt: exampleTimes.completed,
      },
    ],
  });

export const listActionsQuery = pageQuerySchema.extend({
  status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']).optional(),
  actionType: code.optional(),
  partnerUserId: z.string().min(1).max(255).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

export const actionIdParams = z.strictObject({ id: z.string().min(1).max(64) });
