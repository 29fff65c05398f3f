import { z } from 'zod';
import { isoDateTime, pageQuerySchema } from './common.js';
import { exampleIds, exampleTimes, exampleUserId } from './example-values.js';

const transactionKind = z.enum(['allocation', 'reward', 'reversal', 'redemption']);

const transactionExample = {
  id: exampleIds.rewardTransaction,
  kind: 'reward' as const,
  description: 'PURCHASE reward to user_42',
  tokens: 50,
  actionId: exampleIds.action,
  reversalId: null,
  poolId: exampleIds.pool,
  partnerUserId: exampleUserId,
  environment: 'sandbox' as const,
  createdAt: exampleTimes.completed,
};

export const transactionSchema = z
  .object({
    id: z.string(),
    kind: transactionKind,
    description: z.string(),
    tokens: z.number().int(),
    actionId: z.string().nullable(),
    reversalId: z.string().nullable(),
    poolId: z.string().nullable(),
    partnerUserId: z.string().nullable().describe('External id of the user the transaction is for'),
    environment: z.enum(['sandbox', 'production']),
    createdAt: z.string(),
  })
  .meta({ id: 'Transaction', examples: [transactionExample] });

export const transactionDetailSchema = transactionSchema
  .extend({
    entries: z
      .array(
        z.object({
          accountKind: z.enum(['allocation', 'pool', 'pool_receivable', 'user', 'user_debt', 'redemption']),
          ownerId: z.string().describe('The pool, user or partner that owns the account'),
          partnerUserId: z.string().nullable().describe('External id of the owner when a user owns the account'),
          amount: z.number().int(),
        }),
      )
      .describe('Double entry: the amounts sum to zero'),
  })
  .meta({
    id: 'TransactionDetail',
    examples: [
      {
        ...transactionExample,
        entries: [
          { accountKind: 'pool', ownerId: exampleIds.pool, partnerUserId: null, amount: -50 },
          { accountKind: 'user', ownerId: exampleIds.partnerUser, partnerUserId: exampleUserId, amount: 50 },
        ],
      },
    ],
  });

export const userTransactionsQuery = pageQuerySchema.extend({
  kind: transactionKind.optional(),
  actionId: z.string().min(1).max(64).optional(),
  from: isoDateTime.optional().describe('Created at or after'),
  to: isoDateTime.optional().describe('Created before'),
});

export const listTransactionsQuery = userTransactionsQuery.extend({
  partnerUserId: z.string().min(1).max(255).optional().describe('Your external user id'),
});

export const transactionIdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const userBalanceSchema = z
  .object({
    externalUserId: z.string(),
    balance: z.number().int().describe("Tokens on the user's account"),
    debt: z
      .number()
      .int()
      .describe('Tokens the user owes pools after reversals of spent tokens; repaid first from future rewards'),
    availableBalance: z.number().int().describe('balance − debt, never below zero'),
    totalEarned: z.number().int().describe('Tokens of every reward, including what repaid debt'),
    totalReversed: z.number().int().describe('Tokens taken back by reversals, returned or turned into debt'),
    totalSpent: z.number().int().describe('Tokens redeemed'),
  })
  .meta({
    id: 'UserBalance',
    examples: [
      {
        externalUserId: exampleUserId,
        balance: 120,
        debt: 0,
        availableBalance: 120,
        totalEarned: 170,
        totalReversed: 25,
        totalSpent: 25,
      },
    ],
  });
