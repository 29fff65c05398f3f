import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export interface SeedSize {
  partners: number;
  users: number;
  actions: number;
  /** Actions spread over this many days before now, denser towards today. */
  days: number;
  /** Days of per-minute API usage before now. */
  usageDays: number;
}

/** The partner seeded with the most actions (about a fifth of them), in production. */
export const busiestScope = { partnerId: 'ptn_seed_0', environment: 'production' as const };

// User n belongs to one partner: the fractional part of n·φ is evenly spread, and squaring it
// skews users (and so their actions) towards the first partners, as real tenants are uneven.
const partnerOf = (n: RawBuilder<unknown>, partners: number) =>
  sql`least(${sql.lit(partners - 1)}, floor(${sql.lit(partners)} * power((${n} * 0.6180339887) % 1, 2)))::int`;
const environmentOf = (n: RawBuilder<unknown>) => sql`case when ${n} % 5 = 0 then 'sandbox' else 'production' end`;

/**
 * Seeds partners, keys, pools, users, actions with their reward and reversal transactions,
 * webhook deliveries and API usage, all in set-based SQL (generate_series), then analyzes.
 */
export async function seedDashboardData(db: Kysely<Database>, size: SeedSize): Promise<void> {
  await db.connection().execute(async (connection) => {
    // Temporary tables live in one session, so every statement runs on the same connection.
    await seedOn(connection, size);
  });
  // Index-only scans need pages marked all-visible, as autovacuum leaves them on a live database.
  // On these throwaway clusters (asynchronous commit) one pass right after the load leaves some
  // tables unmarked, so the WAL is flushed first and a second pass marks what the first hinted.
  await sql`checkpoint`.execute(db);
  await sql`vacuum analyze`.execute(db);
  await sql`vacuum`.execute(db);
}

async function seedOn(db: Kysely<Database>, size: SeedSize): Promise<void> {
  const [partners, users, actions, days, usageDays] = [
    size.partners,
    size.users,
    size.actions,
    size.days,
    size.usageDays,
  ].map((n) => sql.lit(n));
  const run = (query: RawBuilder<unknown>) => query.execute(db);

  await run(sql`
    insert into partners (id, name, slug, status, rate_limit_per_minute)
    select 'ptn_seed_' || p, 'Seed partner ' || p, 'seed-partner-' || p, 'ACTIVE', 600 from generate_series(0, ${partners} - 1) p`);
  await run(sql`
    create temporary table seed_scopes as
    select p, 'ptn_seed_' || p as partner_id, env, p || '_' || env as suffix
    from generate_series(0, ${partners} - 1) p cross join unnest(array['sandbox', 'production']) env`);
  await run(sql`
    insert into api_keys (id, partner_id, name, environment, key_type, public_key, secret_key_hash, hmac_secret_encrypted, expires_at, last_used_at)
    select 'key_seed_' || suffix, partner_id, env || ' key', env, 'secret', 'pk_seed_' || suffix, 'hash_' || suffix, 'sealed', now() + interval '90 days', now()
    from seed_scopes`);
  await run(sql`
    insert into token_pools (id, partner_id, environment, name, status, low_balance_threshold)
    select 'pool_seed_' || suffix, partner_id, env, env || ' pool', 'ACTIVE', 1000 from seed_scopes`);
  await run(sql`
    insert into ledger_accounts (id, partner_id, environment, kind, owner_id, balance)
    select 'pool:pool_seed_' || suffix, partner_id, env, 'pool', 'pool_seed_' || suffix, 1000000 from seed_scopes`);
  await run(sql`
    insert into webhook_endpoints (id, partner_id, environment, url, secret_encrypted, is_active)
    select 'whk_seed_' || suffix, partner_id, env, 'https://example.com/hooks', 'sealed', true from seed_scopes`);

  await run(sql`
    insert into partner_users (id, partner_id, environment, external_id, created_at)
    select 'pusr_seed_' || n, 'ptn_seed_' || ${partnerOf(sql`n`, size.partners)}, ${environmentOf(sql`n`)}, 'user_' || n,
           now() - (${days} + 30) * random() * interval '1 day'
    from generate_series(1, ${users}) n`);

  // One row per action, shared by the actions, their ledger transactions and their deliveries.
  await run(sql`
    create temporary table seed_actions as
    select g, u, ${partnerOf(sql`u`, size.partners)} as p, ${environmentOf(sql`u`)} as env,
           now() - ${days} * power(random(), 1.5) * interval '1 day' as at, random() as r, 1 + (random() * 100)::int as tokens
    from (select g, 1 + (random() * (${users} - 1))::int as u from generate_series(1, ${actions}) g) picked`);
  await run(sql`
    insert into actions (id, partner_id, environment, idempotency_key, request_fingerprint, action_type, amount, currency, request,
                         status, failure_code, failure_reason, tokens_distributed, pool_id, created_at, completed_at)
    select 'act_seed_' || g, 'ptn_seed_' || p, env, 'seed_' || g, 'seed', 'PURCHASE', tokens, 'USD', '{}'::jsonb,
           case when r < 0.94 then 'COMPLETED' else 'FAILED' end,
           case when r < 0.94 then null when r < 0.97 then 'INSUFFICIENT_POOL_BALANCE' when r < 0.99 then 'USER_NOT_FOUND' else 'NO_ACTIVE_POOL' end,
           case when r < 0.94 then null else 'seeded failure' end,
           case when r < 0.94 then tokens else 0 end, 'pool_seed_' || p || '_' || env, at, at
    from seed_actions`);
  await run(sql`
    insert into ledger_transactions (id, partner_id, environment, kind, action_id, pool_id, partner_user_id, tokens, description, created_at)
    select 'txn_seed_' || g, 'ptn_seed_' || p, env, 'reward', 'act_seed_' || g, 'pool_seed_' || p || '_' || env, 'pusr_seed_' || u, tokens, 'seeded reward', at
    from seed_actions where r < 0.94`);
  // About 1% of completed actions are refunded in full a day later.
  await run(sql`
    insert into reversals (id, partner_id, environment, action_id, refund_idempotency_key, request_fingerprint, reversal_percentage, reason, status, tokens_returned, created_at, completed_at)
    select 'rev_seed_' || g, 'ptn_seed_' || p, env, 'act_seed_' || g, 'refund_' || g, 'seed', 100, 'refund', 'COMPLETED', tokens,
           least(now(), at + interval '1 day'), least(now(), at + interval '1 day')
    from seed_actions where r < 0.0094`);
  await run(sql`
    insert into ledger_transactions (id, partner_id, environment, kind, action_id, reversal_id, pool_id, partner_user_id, tokens, description, created_at)
    select 'txn_seed_rev_' || g, 'ptn_seed_' || p, env, 'reversal', 'act_seed_' || g, 'rev_seed_' || g, 'pool_seed_' || p || '_' || env, 'pusr_seed_' || u, tokens,
           'seeded reversal', least(now(), at + interval '1 day')
    from seed_actions where r < 0.0094`);
  await run(sql`
    insert into ledger_accounts (id, partner_id, environment, kind, owner_id, balance)
    select 'user:pusr_seed_' || u, 'ptn_seed_' || p, env, 'user', 'pusr_seed_' || u, sum(tokens) from seed_actions where r < 0.94 group by u, p, env`);

  // A delivery for every tenth action of the last 30 days, 3% of them failing or retrying.
  await run(sql`
    insert into events (id, partner_id, environment, type, data, created_at, dispatched_at)
    select 'evt_seed_' || g, 'ptn_seed_' || p, env, 'action.completed', '{}'::jsonb, at, at
    from seed_actions where g % 10 = 0 and at > now() - interval '30 days'`);
  await run(sql`
    insert into webhook_deliveries (id, endpoint_id, event_id, partner_id, environment, event_type, status, payload, workflow_id, created_at, updated_at)
    select 'dlv_seed_' || g, 'whk_seed_' || p || '_' || env, 'evt_seed_' || g, 'ptn_seed_' || p, env, 'action.completed',
           case when r < 0.97 then 'DELIVERED' when r < 0.99 then 'FAILED' else 'RETRYING' end, '{}', 'delivery/seed/' || g, at, at
    from seed_actions where g % 10 = 0 and at > now() - interval '30 days'`);

  // The busiest partner calls every minute, the others every ten.
  await run(sql`
    insert into api_usage_minutes (partner_id, environment, minute, key_id, method, route, status, request_count, total_ms, max_ms)
    select partner_id, env, minute, 'key_seed_' || suffix, 'GET', route, status, calls, calls * 12.5, 40
    from (
      select partner_id, env, suffix, minute, route, 1 + (random() * 20)::int as calls,
             case when random() < 0.02 then 429 when random() < 0.005 then 500 else 200 end as status
      from seed_scopes
      cross join lateral generate_series(date_trunc('minute', now()) - ${usageDays} * interval '1 day', date_trunc('minute', now()),
                                         case when p = 0 and env = 'production' then interval '1 minute' else interval '10 minutes' end) minute
      cross join unnest(array['/v1/partner/actions/submit', '/v1/partner/users/:externalId', '/v1/partner/actions/:id']) route
    ) usage`);

  await run(sql`drop table seed_actions`);
  await run(sql`drop table seed_scopes`);
}
