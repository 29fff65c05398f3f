import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import type { DayWindow } from './day-window.js';
import { rawStatement } from './dashboard-statement.js';

export interface TrendDay {
  date: string;
  actions: number;
  completed: number;
  failed: number;
  tokensDistributed: number;
  newUsers: number;
}

/**
 * One row per UTC day of the window, days without activity included as zeros. Both aggregates
 * read only their covering indexes (actions_dashboard_idx, partner_users_page_idx).
 */
export function trendsQuery(db: Kysely<Database>, { partnerId, environment }: PartnerScope, window: DayWindow) {
  return rawStatement(
    db,
    sql<TrendDay>`
      with days as (
        select day::date as day from generate_series(${window.firstDay}::date, ${window.lastDay}::date, interval '1 day') as day
      ), activity as (
        select (created_at at time zone 'UTC')::date as day,
               count(*) as actions,
               count(*) filter (where status = 'COMPLETED') as completed,
               count(*) filter (where status = 'FAILED') as failed,
               sum(tokens_distributed) as tokens
        from actions
        where partner_id = ${partnerId} and environment = ${environment} and created_at >= ${window.from}
        group by 1
      ), signups as (
        select (created_at at time zone 'UTC')::date as day, count(*) as new_users
        from partner_users
        where partner_id = ${partnerId} and environment = ${environment} and created_at >= ${window.from}
        group by 1
      )
      select to_char(d.day, 'YYYY-MM-DD') as "date",
             coalesce(a.actions, 0)::int as "actions",
             coalesce(a.completed, 0)::int as "completed",
             coalesce(a.failed, 0)::int as "failed",
             coalesce(a.tokens, 0)::bigint as "tokensDistributed",
             coalesce(s.new_users, 0)::int as "newUsers"
      from days d
      left join activity a on a.day = d.day
      left join signups s on s.day = d.day
      order by d.day`,
  );
}
