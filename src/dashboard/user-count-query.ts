import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';

export function userCountQuery(db: Kysely<Database>, scope: PartnerScope) {
  return db
    .selectFrom('partner_users')
    .select(sql<number>`count(*)`.as('total'))
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment);
}
