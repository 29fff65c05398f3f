import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import type { DayWindow } from './day-window.js';
import { rawStatement } from './dashboard-statement.js';

export interface TopEarner {
  partnerUserId: string;
  tokensEarned: number;
  tokensReversed: number;
  balance: number;
}

/**
 * Users ranked by reward tokens credited in the window (reversals in the window shown beside
 * them), with their current balance. The ranking reads only ledger_transactions_earnings_idx;
 * users and balances are looked up for the few ranked rows.
 */
export function topEarnersQuery(
  db: Kysely<Database>,
  { partnerId, environment }: PartnerScope,
  window: DayWindow,
  limit: number,
) {
  return rawStatement(
    db,
    sql<TopEarner>`
      with ranked as (
        select partner_user_id,
               coalesce(sum(tokens) filter (where kind = 'reward'), 0) as earned,
               coalesce(sum(tokens) filter (where kind = 'reversal'), 0) as reversed
        from ledger_transactions
        where partner_id = ${partnerId} and environment = ${environment} and created_at >= ${window.from}
          and kind in ('reward', 'reversal') and partner_user_id is not null
        group by partner_user_id
        having count(*) filter (where kind = 'reward') > 0
        order by earned desc, partner_user_id
        limit ${limit}
      )
      select u.external_id as "partnerUserId",
             r.earned::bigint as "tokensEarned",
             r.reversed::bigint as "tokensReversed",
             coalesce(a.balance, 0) as "balance"
      from ranked r
      join partner_users u on u.id = r.partner_user_id
      left join ledger_accounts a on a.owner_id = u.id and a.kind = 'user'
      order by r.earned desc, r.partner_user_id`,
  );
}
