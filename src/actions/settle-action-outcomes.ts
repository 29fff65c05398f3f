import type { Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import { recordBudgetDraws, type BudgetDraw } from '../campaigns/campaign-budget.js';
import type { Database } from '../db/schema.js';
import { newEventRows } from '../webhooks/event-outbox.js';
import { moveBalances, type BalanceMove } from '../ledger/post-transactions.js';
import type { LockedPool } from '../pools/lock-pool.js';
import type { PlannedAction } from './plan-action.js';
import { poolAlertEvents } from './pool-alert-events.js';

function budgetDraws(planned: PlannedAction[]): BudgetDraw[] {
  const draws = new Map<string, BudgetDraw>();
  for (const { request, plan, action } of planned) {
    if (request.campaignId === undefined || plan.status !== 'COMPLETED') continue;
    const draw = draws.get(request.campaignId) ?? { campaignId: request.campaignId, tokens: 0 };
    draw.tokens += plan.credits.reduce((sum, c) => sum + c.tokens, 0);
    if (plan.budgetReached) draw.reachedBy = { requestId: action.request_id };
    draws.set(request.campaignId, draw);
  }
  return [...draws.values()];
}

/**
 * Writes what the batch decided that needs the locks it was planned under, in the caller's
 * transaction, which holds them: the balances, the campaign draws, the pool's alerts and its
 * low-balance flag.
 */
export async function settleActionOutcomes(
  trx: Transaction<Database>,
  scope: PartnerScope,
  planned: PlannedAction[],
  { pool, moves }: { pool: LockedPool | undefined; moves: BalanceMove[] },
) {
  await moveBalances(trx, moves);
  await recordBudgetDraws(trx, scope, budgetDraws(planned));
  const { events, lowBalanceNotified } = poolAlertEvents(scope, planned, pool);
  // Whoever changes the flag holds the pool's account lock, which this transaction holds.
  if (pool && lowBalanceNotified !== pool.lowBalanceNotified) {
    await trx
      .updateTable('token_pools')
      .set({ low_balance_notified: lowBalanceNotified })
      .where('id', '=', pool.id)
      .execute();
  }
  if (events.length > 0) await trx.insertInto('events').values(newEventRows(events)).execute();
}
