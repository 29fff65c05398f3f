import type { Environment, ProcessingStatus } from '../db/schema.js';

export type HealthStatus = 'ok' | 'warning' | 'error';

/** What integration-health reads from the database, before any judgement. */
export interface HealthFacts {
  environment: Environment;
  keys: { active: number; expiringSoon: number; lastUsedAt: Date | null };
  /** The pool actions draw from (the oldest active one), or null when there is none. */
  pool: { id: string; balance: number; lowBalanceThreshold: number } | null;
  webhooks: { active: number; disabled: number; failingDeliveries: number };
  /** Actions of the last 24 hours by status and failure code. */
  outcomes: Array<{ status: ProcessingStatus; failureCode: string | null; count: number }>;
}

const severity: Record<HealthStatus, number> = { ok: 0, warning: 1, error: 2 };
const plural = (count: number, word: string, words = `${word}s`) => `${count} ${count === 1 ? word : words}`;
const verdict = (status: HealthStatus, message: string) => ({ status, message });

export function keysVerdict({ active, expiringSoon }: HealthFacts['keys'], environment: Environment) {
  if (active === 0) return verdict('error', `no active ${environment} key: create one in the partner portal`);
  if (expiringSoon > 0)
    return verdict(
      'warning',
      `${plural(expiringSoon, 'active key')} expiring within 14 days: rotate before they expire`,
    );
  return verdict('ok', `${plural(active, 'active key')}, none expiring within 14 days`);
}

export function poolVerdict(pool: HealthFacts['pool'], environment: Environment) {
  if (!pool) {
    const code = environment === 'sandbox' ? 'NO_SANDBOX_POOL' : 'NO_ACTIVE_POOL';
    return verdict('error', `no active ${environment} token pool: actions fail with ${code}`);
  }
  if (pool.balance === 0)
    return verdict('error', `pool ${pool.id} is empty: actions fail with INSUFFICIENT_POOL_BALANCE`);
  if (pool.balance < pool.lowBalanceThreshold) {
    return verdict(
      'warning',
      `pool ${pool.id} holds ${pool.balance} tokens, below its threshold of ${pool.lowBalanceThreshold}: request more allocation`,
    );
  }
  return verdict('ok', `pool ${pool.id} holds ${pool.balance} tokens`);
}

export function webhooksVerdict({ active, disabled, failingDeliveries }: HealthFacts['webhooks']) {
  if (disabled > 0)
    return verdict(
      'error',
      `${plural(disabled, 'endpoint')} disabled after repeated failures: their events are not delivered`,
    );
  if (failingDeliveries > 0)
    return verdict('warning', `${plural(failingDeliveries, 'delivery', 'deliveries')} failing in the last 24 h`);
  if (active === 0) return verdict('warning', 'no webhook endpoint registered: you receive no events');
  return verdict('ok', `${plural(active, 'active endpoint')}, no failing deliveries in the last 24 h`);
}

export function failureCodes(outcomes: HealthFacts['outcomes']) {
  const counts = new Map<string, number>();
  for (const { status, failureCode, count } of outcomes) {
    if (status === 'FAILED') counts.set(failureCode ?? 'UNKNOWN', (counts.get(failureCode ?? 'UNKNOWN') ?? 0) + count);
  }
  return [...counts]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** More than half of the day's actions failing is an outage, not noise. */
export function recentFailuresVerdict(outcomes: HealthFacts['outcomes']) {
  const total = outcomes.reduce((sum, o) => sum + o.count, 0);
  const codes = failureCodes(outcomes);
  const failed = codes.reduce((sum, c) => sum + c.count, 0);
  if (failed === 0)
    return {
      ...verdict('ok', `no failed actions in the last 24 h (${plural(total, 'action')})`),
      total,
      failed,
      codes,
    };
  const message = `${failed} of ${plural(total, 'action')} failed in the last 24 h: ${codes.map((c) => `${c.code} ×${c.count}`).join(', ')}`;
  return { ...verdict(failed * 2 > total ? 'error' : 'warning', message), total, failed, codes };
}

export function worstOf(statuses: HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((worst, s) => (severity[s] > severity[worst] ? s : worst), 'ok');
}

/** One verdict per area, each with the figures behind it, and overall the worst of them. */
export function integrationHealth(facts: HealthFacts) {
  const keys = {
    ...keysVerdict(facts.keys, facts.environment),
    activeKeys: facts.keys.active,
    expiringWithin14Days: facts.keys.expiringSoon,
    lastUsedAt: facts.keys.lastUsedAt?.toISOString() ?? null,
  };
  const pool = {
    ...poolVerdict(facts.pool, facts.environment),
    poolId: facts.pool?.id ?? null,
    balance: facts.pool?.balance ?? null,
    lowBalanceThreshold: facts.pool?.lowBalanceThreshold ?? null,
  };
  const webhooks = {
    ...webhooksVerdict(facts.webhooks),
    activeEndpoints: facts.webhooks.active,
    disabledEndpoints: facts.webhooks.disabled,
    failingDeliveries24h: facts.webhooks.failingDeliveries,
  };
  const { total, failed, codes, ...failuresVerdict } = recentFailuresVerdict(facts.outcomes);
  const recentFailures = { ...failuresVerdict, actions24h: total, failedActions24h: failed, failureCodes: codes };
  return {
    status: worstOf([keys.status, pool.status, webhooks.status, recentFailures.status]),
    keys,
    pool,
    webhooks,
    recentFailures,
  };
}
