import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { accounts } from '../ledger/account-ids.js';
import { accountBalance, findActivePool } from '../pools/token-pool-repository.js';
import { rowsOf } from './dashboard-statement.js';
import type { HealthFacts } from './health-verdicts.js';

const hourMs = 3_600_000;
export const keyExpiryWarningDays = 14;
export const failureWindowHours = 24;

export function keyFactsQuery(db: Kysely<Database>, scope: PartnerScope, now: Date) {
  const soon = new Date(now.getTime() + keyExpiryWarningDays * 24 * hourMs);
  return db
    .selectFrom('api_keys')
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .select([
      sql<number>`count(*) filter (where is_active and (expires_at is null or expires_at > ${now}))`.as('active'),
      sql<number>`count(*) filter (where is_active and expires_at > ${now} and expires_at <= ${soon})`.as(
        'expiringSoon',
      ),
      sql<Date | null>`max(last_used_at)`.as('lastUsedAt'),
    ])
    .where('deleted_at', 'is', null);
}

/** Read from the webhook tables directly: endpoints still registered, and deliveries failing lately. */
export function endpointFactsQuery(db: Kysely<Database>, scope: PartnerScope) {
  return db
    .selectFrom('webhook_endpoints')
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .select([
      sql<number>`count(*) filter (where is_active)`.as('active'),
      sql<number>`count(*) filter (where not is_active)`.as('disabled'),
    ])
    .where('deleted_at', 'is', null);
}

export function failingDeliveriesQuery(db: Kysely<Database>, scope: PartnerScope, now: Date) {
  return db
    .selectFrom('webhook_deliveries')
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .select(sql<number>`count(*)`.as('failing'))
    .where('created_at', '>=', new Date(now.getTime() - failureWindowHours * hourMs))
    .where('status', 'in', ['FAILED', 'RETRYING']);
}

export function recentOutcomesQuery(db: Kysely<Database>, scope: PartnerScope, now: Date) {
  return db
    .selectFrom('actions')
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .select(['status', 'failure_code as failureCode', sql<number>`count(*)`.as('count')])
    .where('created_at', '>=', new Date(now.getTime() - failureWindowHours * hourMs))
    .groupBy(['status', 'failure_code']);
}

export async function integrationHealthFacts(
  db: Kysely<Database>,
  scope: PartnerScope,
  now: Date,
): Promise<HealthFacts> {
  const [[keys], [endpoints], [deliveries], outcomes, pool] = await Promise.all([
    rowsOf(db, keyFactsQuery(db, scope, now)),
    rowsOf(db, endpointFactsQuery(db, scope)),
    rowsOf(db, failingDeliveriesQuery(db, scope, now)),
    rowsOf(db, recentOutcomesQuery(db, scope, now)),
    findActivePool(db, scope),
  ]);
  return {
    environment: scope.environment,
    keys: { active: keys?.active ?? 0, expiringSoon: keys?.expiringSoon ?? 0, lastUsedAt: keys?.lastUsedAt ?? null },
    pool: pool
      ? {
          id: pool.id,
          balance: await accountBalance(db, accounts.pool(pool.id).id),
          lowBalanceThreshold: pool.low_balance_threshold,
        }
      : null,
    webhooks: {
      active: endpoints?.active ?? 0,
      disabled: endpoints?.disabled ?? 0,
      failingDeliveries: deliveries?.failing ?? 0,
    },
    outcomes,
  };
}
