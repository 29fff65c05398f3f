import type { Kysely, Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, TokenPool } from '../db/schema.js';
import { newId } from '../ids.js';
import { allocateToPool } from './allocate-to-pool.js';

export interface NewTokenPool {
  name: string;
  initialTokens: number;
  lowBalanceThreshold: number;
}

/** Opens a pool inside the caller's transaction; its first tokens are an allocation in the ledger. */
export async function openTokenPool(
  trx: Transaction<Database>,
  scope: PartnerScope,
  input: NewTokenPool,
): Promise<TokenPool> {
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
  if (input.initialTokens > 0)
    await allocateToPool(trx, scope, pool.id, input.initialTokens, `initial allocation to ${pool.name}`);
  return pool;
}

/** Operators provision pools (and the dev seed does). */
export async function createTokenPool(
  db: Kysely<Database>,
  scope: PartnerScope,
  input: NewTokenPool,
): Promise<TokenPool> {
  return db.transaction().execute((trx) => openTokenPool(trx, scope, input));
}
