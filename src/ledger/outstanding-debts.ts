import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OutstandingDebt } from './debt-offset.js';

/** A user's debts to each pool, oldest first; locked, since the credit that follows repays them. */
export async function outstandingDebts(trx: Transaction<Database>, partnerUserId: string): Promise<OutstandingDebt[]> {
  const rows = await trx
    .selectFrom('ledger_accounts')
    .select(['id', 'balance'])
    .where('owner_id', '=', partnerUserId)
    .where('kind', '=', 'user_debt')
    .where('balance', '<', 0)
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => ({ poolId: row.id.split(':')[2]!, owed: -row.balance }));
}
