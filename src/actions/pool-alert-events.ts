import type { PartnerScope } from '../partner-scope.js';
import type { NewEvent } from '../webhooks/event-outbox.js';
import type { LockedPool } from '../pools/lock-pool.js';
import { poolAlerts } from '../pools/pool-alerts.js';
import type { PlannedAction } from './plan-action.js';

/**
 * The pool's alerts as its balance passed through each completed action of a batch planned
 * against the locked pool, and the low-balance flag they leave.
 */
export function poolAlertEvents(
  scope: PartnerScope,
  planned: PlannedAction[],
  pool: LockedPool | undefined,
): { events: NewEvent[]; lowBalanceNotified: boolean } {
  const events: NewEvent[] = [];
  let lowBalanceNotified = pool?.lowBalanceNotified ?? false;
  for (const { plan } of planned) {
    if (plan.status !== 'COMPLETED') continue;
    const threshold = pool!.lowBalanceThreshold;
    const debited = plan.credits.reduce((sum, c) => sum + c.tokens, 0);
    const alerts = poolAlerts({ balanceAfter: plan.poolBalanceAfter, debited, threshold, lowBalanceNotified });
    lowBalanceNotified = alerts.lowBalanceNotified;
    const data = { poolId: plan.poolId, balance: plan.poolBalanceAfter, lowBalanceThreshold: threshold };
    if (alerts.lowBalance) events.push({ ...scope, type: 'token_pool.low_balance', data });
    if (alerts.depleted) events.push({ ...scope, type: 'token_pool.depleted', data });
  }
  return { events, lowBalanceNotified };
}
