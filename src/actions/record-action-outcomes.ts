import { sql, type Transaction } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import { recordBudgetDraws, type BudgetDraw } from '../campaigns/campaign-budget.js';
import type { ActionCredit, Database } from '../db/schema.js';
import { newEventRows } from '../events/event-outbox.js';
import { postTransactions } from '../ledger/post-transactions.js';
import type { LockedPool } from '../pools/lock-pool.js';
import type { ActionResult } from './action-types.js';
import { actionResult } from './action-view.js';
import { outcomeEvents } from './outcome-events.js';
import type { ActionPlan, PlannedAction } from './plan-action.js';
import { discardUnusedUsers } from './resolve-stakeholders.js';

type Completed = PlannedAction & { plan: Extract<ActionPlan, { status: 'COMPLETED' }> };

const isCompleted = (p: PlannedAction): p is Completed => p.plan.status === 'COMPLETED';

/** Each completed action's credits with the ids of the ledger transactions that carry them. */
async function postCredits(trx: Transaction<Database>, scope: PartnerScope, completed: Completed[]): Promise<Map<string, ActionCredit[]>> {
  const ids = await postTransactions(
    trx,
    completed.flatMap(({ action, request, plan }) =>
      plan.credits.map((credit) => ({
        ...scope,
        kind: 'reward' as const,
        description: `${request.actionType} reward to ${credit.externalUserId}`,
        actionId: action.id,
        poolId: plan.poolId,
        partnerUserId: credit.user.id,
        tokens: credit.tokens,
        postings: credit.postings,
      })),
    ),
  );
  let next = 0;
  return new Map(
    completed.map(({ action, plan }) => [
      action.id,
      plan.credits.map(({ user, externalUserId, stakeholderTypeCode, tokens, debtRepaid }) => ({ partnerUserId: user.id, externalUserId, stakeholderTypeCode, tokens, debtRepaid, transactionId: ids[next++]! })),
    ]),
  );
}

function budgetDraws(completed: Completed[]): BudgetDraw[] {
  const draws = new Map<string, BudgetDraw>();
  for (const { request, plan, action } of completed) {
    if (request.campaignId === undefined) continue;
    const draw = draws.get(request.campaignId) ?? { campaignId: request.campaignId, tokens: 0 };
    draw.tokens += plan.credits.reduce((sum, c) => sum + c.tokens, 0);
    if (plan.budgetReached) draw.reachedBy = { requestId: action.request_id };
    draws.set(request.campaignId, draw);
  }
  return [...draws.values()];
}

/** Each planned action's row as it is to be stored: the fields its result and its update need. */
function outcomeRows(planned: PlannedAction[], credits: Map<string, ActionCredit[]>) {
  return new Map(
    planned.map(({ action, plan }) => {
      const stored = credits.get(action.id) ?? [];
      const outcome =
        plan.status === 'COMPLETED'
          ? { status: plan.status, tokens_distributed: stored.reduce((sum, c) => sum + c.tokens, 0), pool_id: plan.poolId, credits: stored, failure_code: null, failure_reason: null }
          : { status: plan.status, tokens_distributed: 0, pool_id: null, credits: [], failure_code: plan.code, failure_reason: plan.message };
      return [action.id, { id: action.id, idempotency_key: action.idempotency_key, ...outcome }];
    }),
  );
}

/**
 * Writes what the batch decided, in the caller's transaction: the ledger posts, campaign draws,
 * action rows and their events, the pool's low-balance flag, and removes users only refused
 * actions asked for. Returns each planned action's result.
 */
export async function recordActionOutcomes(
  trx: Transaction<Database>,
  scope: PartnerScope,
  planned: PlannedAction[],
  { pool, createdUsers }: { pool: LockedPool | undefined; createdUsers: Set<string> },
): Promise<ActionResult[]> {
  if (planned.length === 0) return [];
  const completed = planned.filter(isCompleted);
  const used = new Set(completed.flatMap(({ users }) => ('users' in users ? users.users.map((u) => u.id) : [])));
  await discardUnusedUsers(trx, createdUsers, used);
  const credits = await postCredits(trx, scope, completed);
  await recordBudgetDraws(trx, scope, budgetDraws(completed));
  const rows = outcomeRows(planned, credits);
  const results = new Map([...rows].map(([id, row]) => [id, actionResult(row)]));
  const { events, lowBalanceNotified } = outcomeEvents(scope, planned, { results, credits, createdUsers, pool });
  // Whoever changes the flag holds the pool's account lock, which this transaction holds.
  if (pool && lowBalanceNotified !== pool.lowBalanceNotified) {
    await trx.updateTable('token_pools').set({ low_balance_notified: lowBalanceNotified }).where('id', '=', pool.id).execute();
  }
  // The outcomes and their events in one statement: one round trip fewer while the pool is locked.
  await trx
    .with('stored', () => sql`(
      update actions a set status = v.status, tokens_distributed = v.tokens_distributed, pool_id = v.pool_id, credits = v.credits,
        failure_code = v.failure_code, failure_reason = v.failure_reason, completed_at = now()
      from jsonb_to_recordset(${JSON.stringify([...rows.values()])}::jsonb)
        as v(id text, status text, tokens_distributed bigint, pool_id text, credits jsonb, failure_code text, failure_reason text)
      where a.id = v.id)`)
    .insertInto('events')
    .values(newEventRows(events))
    .execute();
  return planned.map(({ action }) => results.get(action.id)!);
}
