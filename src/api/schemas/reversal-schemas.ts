import { z } from 'zod';
import { exampleIds } from './example-values.js';

export const reverseActionParams = z.strictObject({ actionId: z.string().min(1).max(64) });

export const reverseActionBody = z
  .strictObject({
    reversalPercentage: z
      .number()
      .gt(0)
      .max(100)
      .multipleOf(0.01)
      .describe('Share of the original reward to reverse; all reversals of an action add up to at most 100'),
    reason: z.string().trim().min(1).max(500).describe('Why, e.g. "Order refunded"'),
    refundIdempotencyKey: z.string().min(1).max(255).describe('Stable key for the refund; retries reuse it'),
  })
  .meta({
    examples: [{ reversalPercentage: 100, reason: 'Order refunded', refundIdempotencyKey: 'refund_order_98765' }],
  });

/** The spec's refund of purchase_98765: 30 of its 50 tokens come back, 20 were already spent. */
export const reversalResultExample = {
  reversalId: exampleIds.reversal,
  actionId: exampleIds.action,
  refundIdempotencyKey: 'refund_order_98765',
  status: 'COMPLETED' as const,
  reversalPercentage: 100,
  tokensReversed: 50,
  tokensReturned: 30,
  debtCreated: 20,
  transactionIds: [exampleIds.reversalTransaction],
};

export const reversalResultSchema = z
  .object({
    reversalId: z.string(),
    actionId: z.string(),
    refundIdempotencyKey: z.string(),
    status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']),
    reversalPercentage: z.number(),
    tokensReversed: z.number().int().describe('tokensReturned + debtCreated'),
    tokensReturned: z.number().int().describe('Tokens taken back from users into the pool'),
    debtCreated: z.number().int().describe('Tokens users had already spent; repaid first from their future rewards'),
    transactionIds: z.array(z.string()),
    failure: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .meta({ id: 'ReversalResult', examples: [reversalResultExample] });
