import type { Kysely, Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Action, Database } from '../db/schema.js';
import { notFound } from '../errors.js';

/** The partner's action in that environment, or 404: another partner's id is simply not found. */
export async function findScopedAction(
  db: Kysely<Database> | Transaction<Database>,
  scope: PartnerScope,
  actionId: string,
): Promise<Action> {
  const action = await db
    .selectFrom('actions')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('id', '=', actionId)
    .executeTakeFirst();
  if (!action) throw notFound('action');
  return action;
}
