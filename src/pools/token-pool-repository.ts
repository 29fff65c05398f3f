import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Pools with their balance, read from the pool's ledger account. */
export function selectPoolsWithBalance(db: Db, scope: PartnerScope) {
  return db
    .selectFrom('token_pools as p')
    .leftJoin('ledger_accounts as a', (join) => join.onRef('a.owner_id', '=', 'p.id').on('a.kind', '=', 'pool'))
    .selectAll('p')
    .select((eb) => eb.fn.coalesce('a.balance', sql<number>`0`).as('balance'))
    .where('p.partner_id', '=', scope.partnerId)
    .where('p.environment', '=', scope.environment);
}

/** The pool actions draw from: the oldest active pool of the partner in that environment. */
export async function findActivePool(db: Db, scope: PartnerScope) {
  return db
    .selectFrom('token_pools')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('status', '=', 'ACTIVE')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
}

/** findActivePool with its committed balance, in one query: what an optimistic batch plans on. */
export async function findActivePoolWithBalance(db: Db, scope: PartnerScope) {
  return selectPoolsWithBalance(db, scope)
    .where('p.status', '=', 'ACTIVE')
    .orderBy('p.created_at')
    .orderBy('p.id')
    .executeTakeFirst();
}

export async function accountBalance(db: Db, accountId: string): Promise<number> {
  const row = await db.selectFrom('ledger_accounts').select('balance').where('id', '=', accountId).executeTakeFirst();
  return row?.balance ?? 0;
}
