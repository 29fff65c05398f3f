import { z } from 'zod';
import { pageQuerySchema } from './common.js';
import { exampleIds } from './example-values.js';

const poolRequestStatus = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED']);

/** The most one request may ask for; larger allocations are several requests. */
export const maxRequestedTokens = 1_000_000_000;

export const poolRequestExample = {
  id: exampleIds.poolRequest,
  poolId: exampleIds.pool,
  environment: 'sandbox' as const,
  status: 'APPROVED' as const,
  tokensRequested: 50000,
  tokensApproved: 50000,
  reason: 'Spring campaign: 100 000 tokens budgeted, 40 000 left in the pool',
  decisionNote: 'Approved for the spring campaign',
  expiresAt: '2026-05-24T09:00:00.000Z',
  decidedAt: '2026-05-10T15:00:00.000Z',
  createdAt: '2026-05-10T09:00:00.000Z',
  updatedAt: '2026-05-10T15:00:00.000Z',
};

export const poolRequestSchema = z
  .object({
    id: z.string(),
    poolId: z.string().nullable().describe('The pool credited on approval; null: a new pool is opened on approval'),
    environment: z.enum(['sandbox', 'production']),
    status: poolRequestStatus,
    tokensRequested: z.number().int(),
    tokensApproved: z.number().int().nullable(),
    reason: z.string(),
    decisionNote: z.string().nullable().describe("The rejection reason, or the approver's note"),
    expiresAt: z.string(),
    decidedAt: z.string().nullable().describe('When it was approved, rejected or expired'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TokenPoolRequest', examples: [poolRequestExample] });

export const adminPoolRequestSchema = poolRequestSchema
  .extend({ partnerId: z.string(), decidedBy: z.string().nullable(), transactionId: z.string().nullable() })
  .meta({ id: 'AdminTokenPoolRequest' });

export const createPoolRequestBody = z
  .strictObject({
    tokens: z.number().int().min(1).max(maxRequestedTokens).describe('How many tokens to add'),
    reason: z.string().trim().min(1).max(1000).describe('Why, for the SIR Giving operator who decides'),
    poolId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        "The pool to top up; by default the active pool of the key's environment, or a new pool when there is none",
      ),
    idempotencyKey: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe(
        'Retries with the same key return the request it made (header Idempotent-Replayed: true) instead of asking again; the same key with another body is refused with IDEMPOTENCY_KEY_REUSED',
      ),
  })
  .meta({
    examples: [
      {
        tokens: 50000,
        reason: 'Spring campaign: 100 000 tokens budgeted, 40 000 left in the pool',
        poolId: exampleIds.pool,
        idempotencyKey: 'spring_campaign_topup_1',
      },
    ],
  });

export const listPoolRequestsQuery = pageQuerySchema.extend({ status: poolRequestStatus.optional() });

export const adminListPoolRequestsQuery = pageQuerySchema.extend({
  status: poolRequestStatus.default('PENDING').describe('PENDING unless given'),
  partnerId: z.string().min(1).max(64).optional(),
});

export const poolRequestIdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Optional as a whole (Fastify passes a missing body as null): approving what was asked needs none. */
export const approvePoolRequestBody = z
  .strictObject({
    tokens: z
      .number()
      .int()
      .min(1)
      .max(maxRequestedTokens)
      .optional()
      .describe('At most the amount requested; the amount requested when left out'),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .nullish();

export const rejectPoolRequestBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

export const partnerStatusBody = z.strictObject({
  status: z.enum(['PENDING', 'ACTIVE', 'INACTIVE', 'SUSPENDED']),
  reason: z.string().trim().min(1).max(1000),
});

export const partnerIdParams = z.strictObject({ partnerId: z.string().min(1).max(64) });
