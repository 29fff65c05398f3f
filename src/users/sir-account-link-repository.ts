import { sql, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, PartnerUser } from '../db/schema.js';

/** The unique index that keeps a SIR account behind at most one user of a partner's environment. */
export const sirAccountUniqueIndex = 'partner_users_sir_account_unique';

export async function findUserLinkedTo(trx: Transaction<Database>, scope: PartnerScope, sirAccountId: string) {
  return trx
    .selectFrom('partner_users')
    .select(['id', 'external_id'])
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('sir_account_id', '=', sirAccountId)
    .executeTakeFirst();
}

export async function linkSirAccount(
  trx: Transaction<Database>,
  userId: string,
  sirAccountId: string,
): Promise<PartnerUser> {
  return trx
    .updateTable('partner_users')
    .set({ sir_account_id: sirAccountId, upgraded_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
