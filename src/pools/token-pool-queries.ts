import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { selectPoolsWithBalance } from './token-pool-repository.js';
import { tokenPoolView } from './token-pool-view.js';

export function createTokenPoolQueries(db: Kysely<Database>) {
  return {
    /** A partner has a handful of pools, so the list is one page. */
    async list(scope: PartnerScope) {
      const pools = await selectPoolsWithBalance(db, scope).orderBy('p.created_at').orderBy('p.id').execute();
      return { data: pools.map(tokenPoolView) };
    },

    async balance(scope: PartnerScope, poolId: string) {
      const pool = await selectPoolsWithBalance(db, scope).where('p.id', '=', poolId).executeTakeFirst();
      if (!pool) throw notFound('token pool');
      const view = tokenPoolView(pool);
      return {
        poolId: view.id,
        balance: view.balance,
        lowBalanceThreshold: view.lowBalanceThreshold,
        isLowBalance: view.isLowBalance,
        status: view.status,
      };
    },
  };
}

export type TokenPoolQueries = ReturnType<typeof createTokenPoolQueries>;
