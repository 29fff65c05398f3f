import type { Kysely } from 'kysely';
import type { PartnerScope } from '../../partner-scope.js';
import type { Database } from '../../db/schema.js';
import { endpointHealthView, overallHealth, type EndpointCounts, type FailureRow } from './webhook-health-view.js';

const windowMs = 24 * 3600 * 1000;
/** Failed attempts shown per endpoint and overall. */
const recentFailureLimit = 10;

/** Attempts made since the window opened, with their delivery: the base of every figure on the dashboard. */
function attemptsSince(db: Kysely<Database>, scope: PartnerScope, since: Date) {
  return db
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .where('d.partner_id', '=', scope.partnerId)
    .where('d.environment', '=', scope.environment)
    .where('a.created_at', '>=', since);
}

export function createWebhookHealthQueries(db: Kysely<Database>, now: () => Date) {
  // Aggregated before the join, so the planner can drive from the attempts' time index rather
  // than walk every delivery an endpoint ever had.
  async function countsPerEndpoint(scope: PartnerScope, since: Date): Promise<EndpointCounts[]> {
    const windowed = attemptsSince(db, scope, since)
      .select((eb) => [
        'd.endpoint_id',
        eb.fn.countAll<number>().as('attempts'),
        eb.fn.countAll<number>().filterWhere('a.succeeded', '=', true).as('succeeded'),
        eb.fn.countAll<number>().filterWhere('a.response_status', 'is not', null).as('responded'),
        eb.fn.sum<number | null>('a.duration_ms').filterWhere('a.response_status', 'is not', null).as('responded_ms'),
        eb.fn.count<number>('d.id').distinct().as('deliveries'),
        eb.fn.count<number>('d.id').distinct().filterWhere('d.status', 'in', ['RETRYING', 'FAILED']).as('failing'),
      ])
      .groupBy('d.endpoint_id')
      .as('w');
    return db
      .selectFrom('webhook_endpoints as e')
      .leftJoin(windowed, 'w.endpoint_id', 'e.id')
      .select(['e.id', 'e.url', 'e.is_active', 'e.disabled_reason', 'e.disabled_at', 'e.consecutive_failures'])
      .select(['e.circuit_opened_at', 'e.circuit_next_probe_at', 'e.failing_since', 'e.failed_attempts_in_row'])
      .select(['w.attempts', 'w.succeeded', 'w.responded', 'w.responded_ms', 'w.deliveries', 'w.failing'])
      .where('e.partner_id', '=', scope.partnerId)
      .where('e.environment', '=', scope.environment)
      .where('e.deleted_at', 'is', null)
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .execute();
  }

  /** The most recent failed attempts of each endpoint; the overall list is the newest of these. */
  async function recentFailures(scope: PartnerScope, since: Date): Promise<FailureRow[]> {
    const ranked = attemptsSince(db, scope, since)
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .where('e.deleted_at', 'is', null)
      .where('a.succeeded', '=', false)
      .select((eb) => [
        'd.endpoint_id',
        'd.id as delivery_id',
        'd.event_type',
        'a.attempt_number',
        'a.response_status',
        'a.error',
        'a.created_at',
        eb.fn
          .agg<number>('row_number')
          .over((over) => over.partitionBy('d.endpoint_id').orderBy('a.created_at', 'desc').orderBy('a.id', 'desc'))
          .as('rank'),
      ])
      .as('r');
    return db
      .selectFrom(ranked)
      .select([
        'r.endpoint_id',
        'r.delivery_id',
        'r.event_type',
        'r.attempt_number',
        'r.response_status',
        'r.error',
        'r.created_at',
      ])
      .where('r.rank', '<=', recentFailureLimit)
      .orderBy('r.created_at', 'desc')
      .execute();
  }

  return {
    async health(scope: PartnerScope) {
      const to = now();
      const from = new Date(to.getTime() - windowMs);
      const [counts, failures] = await Promise.all([countsPerEndpoint(scope, from), recentFailures(scope, from)]);
      return {
        window: { from: from.toISOString(), to: to.toISOString() },
        overall: overallHealth(counts, failures.slice(0, recentFailureLimit)),
        endpoints: counts.map((row) =>
          endpointHealthView(
            row,
            failures.filter((f) => f.endpoint_id === row.id),
          ),
        ),
      };
    },
  };
}

export type WebhookHealthQueries = ReturnType<typeof createWebhookHealthQueries>;
