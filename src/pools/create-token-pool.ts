import type { Kysely } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { Database, TokenPool } from '../db/schema.js';
import { recordEvent } from '../events/event-outbox.js';
import { newId } from '../ids.js';
import { accounts } from '../ledger/account-ids.js';
import { postTransaction } from '../ledger/post-transaction.js';

export interface NewTokenPool {
  name: string;
  initialTokens: number;
  lowBalanceThreshold: number;
}

/** Operators provision pools (and the dev seed does); the allocation is a ledger transaction. */
export async function createTokenPool(db: Kysely<Database>, scope: PartnerScope, input: NewTokenPool): Promise<TokenPool> {
  return db.transaction().execute(async (trx) => {
    const pool = await trx
      .insertInto('token_pools')
      .values({
        id: newId('pool'),
        partner_id: scope.partnerId,
        environment: scope.environment,
        name: input.name,
        status: 'ACTIVE',
        low_balance_threshold: input.lowBalanceThreshold,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.initialTokens > 0) {
      await postTransaction(trx, {
        ...scope,
        kind: 'allocation',
        description: `initial allocation to ${pool.name}`,
        poolId: pool.id,
        tokens: input.initialTokens,
        postings: [
          { account: accounts.allocation(scope.partnerId, scope.environment), amount: -input.initialTokens },
          { account: accounts.pool(pool.id), amount: input.initialTokens },
        ],
      });
      await recordEvent(trx, { ...scope, type: 'token_pool.refilled', data: { poolId: pool.id, tokensAdded: input.initialTokens, balance: input.initialTokens } });
    }
    return pool;
  });
}
