import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { accounts } from '../ledger/account-ids.js';

export interface LockedPool {
  id: string;
  balance: number;
  lowBalanceThreshold: number;
  lowBalanceNotified: boolean;
}

/**
 * Locks a pool's ledger account, the first lock of every post that debits the pool, and reads
 * its balance and alert state. The alert flag is read after the lock: whoever changes it holds
 * that lock too. A pool never funded has no account yet, and a balance of zero.
 */
export async function lockPool(trx: Transaction<Database>, poolId: string): Promise<LockedPool> {
  const account = await trx
    .selectFrom('ledger_accounts')
    .select('balance')
    .where('id', '=', accounts.pool(poolId).id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  const pool = await trx
    .selectFrom('token_pools')
    .select(['low_balance_threshold', 'low_balance_notified'])
    .where('id', '=', poolId)
    .executeTakeFirstOrThrow();
  return {
    id: poolId,
    balance: account?.balance ?? 0,
    lowBalanceThreshold: pool.low_balance_threshold,
    lowBalanceNotified: pool.low_balance_notified,
  };
}
