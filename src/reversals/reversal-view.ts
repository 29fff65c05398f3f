import type { Kysely, Transaction } from 'kysely';
import type { Database, Reversal } from '../db/schema.js';
import { reversalTransactionIds } from './reversal-repository.js';
import type { ReversalFailureCode, ReversalResult } from './reversal-types.js';

/** The result as the API answers it, for the first request and every replay alike. */
export async function reversalResult(
  db: Kysely<Database> | Transaction<Database>,
  reversal: Reversal,
): Promise<ReversalResult> {
  return {
    reversalId: reversal.id,
    actionId: reversal.action_id,
    refundIdempotencyKey: reversal.refund_idempotency_key,
    status: reversal.status,
    reversalPercentage: Number(reversal.reversal_percentage),
    tokensReversed: reversal.tokens_returned + reversal.debt_created,
    tokensReturned: reversal.tokens_returned,
    debtCreated: reversal.debt_created,
    transactionIds: reversal.status === 'COMPLETED' ? await reversalTransactionIds(db, reversal) : [],
    ...(reversal.status === 'FAILED' && {
      failure: { code: reversal.failure_code as ReversalFailureCode, message: reversal.failure_reason ?? '' },
    }),
  };
}
