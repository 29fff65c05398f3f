import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OutstandingDebt } from './debt-offset.js';

/**
 * Each user's debts to each pool, oldest first; with `lock`, locked (by account id, the ledger's
 * lock order) since the credits that follow repay them. Users without debts are absent.
 */
export async function outstandingDebts(
  trx: Transaction<Database>,
  partnerUserIds: string[],
  { lock }: { lock: boolean },
): Promise<Map<string, OutstandingDebt[]>> {
  const debts = new Map<string, OutstandingDebt[]>();
  if (partnerUserIds.length === 0) return debts;
  const rows = await trx
    .selectFrom('ledger_accounts')
    .select(['id', 'owner_id', 'balance', 'created_at'])
    .where('owner_id', 'in', partnerUserIds)
    .where('kind', '=', 'user_debt')
    .where('balance', '<', 0)
    .orderBy('id')
    .$if(lock, (q) => q.forNoKeyUpdate())
    .execute();
  rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1));
  for (const row of rows)
    debts.set(row.owner_id, [
      ...(debts.get(row.owner_id) ?? []),
      { poolId: row.id.split(':')[2]!, owed: -row.balance },
    ]);
  return debts;
}
