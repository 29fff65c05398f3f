import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import type { DayWindow } from './day-window.js';
import { rawStatement } from './dashboard-statement.js';
import type { UsageCounts } from './usage-figures.js';

export type UsageRow = UsageCounts & {
  groupedBy: 'day' | 'route' | 'key';
  date: string | null;
  method: string | null;
  route: string | null;
  keyId: string | null;
  name: string | null;
  publicKey: string | null;
};

const counts = (from: string) => sql`
  coalesce(${sql.ref(`${from}.requests`)}, 0)::bigint as "requests", coalesce(${sql.ref(`${from}.errors`)}, 0)::bigint as "errors",
  coalesce(${sql.ref(`${from}.server_errors`)}, 0)::bigint as "serverErrors", coalesce(${sql.ref(`${from}.rate_limited`)}, 0)::bigint as "rateLimited",
  coalesce(${sql.ref(`${from}.total_ms`)}, 0)::float8 as "totalMs", coalesce(${sql.ref(`${from}.max_ms`)}, 0)::float8 as "maxMs"`;

/**
 * The window's minutes read once (an index-only scan of the primary key) and grouped three ways:
 * per UTC day (every day of the window, zeros included), per route and per key.
 */
export function apiUsageQuery(db: Kysely<Database>, { partnerId, environment }: PartnerScope, window: DayWindow) {
  return rawStatement(
    db,
    sql<UsageRow>`
      with grouped as (
        select case when grouping(u.key_id) = 0 then 'key' when grouping(u.route) = 0 then 'route' else 'day' end as grouped_by,
               (u.minute at time zone 'UTC')::date as day, u.method, u.route, u.key_id,
               sum(u.request_count) as requests,
               sum(u.request_count) filter (where u.status >= 400) as errors,
               sum(u.request_count) filter (where u.status >= 500) as server_errors,
               sum(u.request_count) filter (where u.status = 429) as rate_limited,
               sum(u.total_ms) as total_ms, max(u.max_ms) as max_ms
        from api_usage_minutes u
        where u.partner_id = ${partnerId} and u.environment = ${environment} and u.minute >= ${window.from}
        group by grouping sets (((u.minute at time zone 'UTC')::date), (u.method, u.route), (u.key_id))
      )
      select 'day' as "groupedBy", to_char(d.day, 'YYYY-MM-DD') as "date", null as "method", null as "route",
             null as "keyId", null as "name", null as "publicKey", ${counts('g')}
      from generate_series(${window.firstDay}::date, ${window.lastDay}::date, interval '1 day') as d(day)
      left join grouped g on g.grouped_by = 'day' and g.day = d.day
      union all
      select g.grouped_by, null, g.method, g.route, g.key_id, k.name, k.public_key, ${counts('g')}
      from grouped g left join api_keys k on k.id = g.key_id
      where g.grouped_by <> 'day'
      order by "groupedBy", "date", "requests" desc, "route", "method", "keyId"`,
  );
}
