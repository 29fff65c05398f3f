import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, ProcessingStatus } from '../db/schema.js';
import { rawStatement } from './dashboard-statement.js';

export interface ActivityRow {
  type: 'action' | 'reversal';
  id: string;
  actionId: string;
  actionType: string;
  status: ProcessingStatus;
  /** Tokens distributed by an action, or taken back (returned plus debt) by a reversal. */
  tokens: number;
  failureCode: string | null;
  createdAt: Date;
}

/** The newest actions and reversals merged; each side reads only its newest `limit` rows from an index. */
export function recentActivityQuery(db: Kysely<Database>, { partnerId, environment }: PartnerScope, limit: number) {
  return rawStatement(
    db,
    sql<ActivityRow>`
      (select 'action' as "type", a.id, a.id as "actionId", a.action_type as "actionType", a.status,
              a.tokens_distributed as "tokens", a.failure_code as "failureCode", a.created_at as "createdAt"
       from actions a
       where a.partner_id = ${partnerId} and a.environment = ${environment}
       order by a.created_at desc, a.id desc
       limit ${limit})
      union all
      (select 'reversal', r.id, r.action_id, a.action_type, r.status,
              r.tokens_returned + r.debt_created, r.failure_code, r.created_at
       from reversals r
       join actions a on a.id = r.action_id
       where r.partner_id = ${partnerId} and r.environment = ${environment}
       order by r.created_at desc, r.id desc
       limit ${limit})
      order by "createdAt" desc, "id" desc
      limit ${limit}`,
  );
}
