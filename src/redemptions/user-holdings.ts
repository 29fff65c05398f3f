import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * A user's balance and debt, unlocked: the spend that follows is guarded by the ledger's own
 * conditional update, and locking debt accounts here would invert the order rewards lock them in.
 */
export async function userHoldings(
  trx: Transaction<Database>,
  partnerUserId: string,
): Promise<{ balance: number; debt: number }> {
  return trx
    .selectFrom('ledger_accounts')
    .select([
      sql<number>`coalesce(sum(balance) filter (where kind = 'user'), 0)::bigint`.as('balance'),
      sql<number>`coalesce(-sum(balance) filter (where kind = 'user_debt'), 0)::bigint`.as('debt'),
    ])
    .where('owner_id', '=', partnerUserId)
    .executeTakeFirstOrThrow();
}
