import type { Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import { accounts } from '../ledger/account-ids.js';
import { postTransaction } from '../ledger/post-transaction.js';
import { accountBalance } from './token-pool-repository.js';

export interface Allocation {
  transactionId: string;
  /** The pool's balance once the tokens are in. */
  balance: number;
}

/**
 * Moves tokens from the partner's allocation source into a pool (an `allocation` ledger
 * transaction) and reports it as token_pool.refilled, inside the caller's transaction.
 */
export async function allocateToPool(
  trx: Transaction<Database>,
  scope: PartnerScope,
  poolId: string,
  tokens: number,
  description: string,
): Promise<Allocation> {
  const transactionId = await postTransaction(trx, {
    ...scope,
    kind: 'allocation',
    description,
    poolId,
    tokens,
    postings: [
      { account: accounts.allocation(scope.partnerId, scope.environment), amount: -tokens },
      { account: accounts.pool(poolId), amount: tokens },
    ],
  });
  const balance = await accountBalance(trx, accounts.pool(poolId).id);
  await recordEvent(trx, { ...scope, type: 'token_pool.refilled', data: { poolId, tokensAdded: tokens, balance } });
  return { transactionId, balance };
}
