import { sql, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { ActionCredit, Database } from '../db/schema.js';
import { dispatchedUnlessReceivable, newEventRows } from '../webhooks/event-outbox.js';
import { recordTransactions, type BalanceMove } from '../ledger/post-transactions.js';
import type { ActionResult } from './action-types.js';
import { actionResult } from './action-view.js';
import { outcomeEvents } from './outcome-events.js';
import type { ActionPlan, PlannedAction } from './plan-action.js';
import { discardUnusedUsers } from './resolve-stakeholders.js';

type Completed = PlannedAction & { plan: Extract<ActionPlan, { status: 'COMPLETED' }> };

const isCompleted = (p: PlannedAction): p is Completed => p.plan.status === 'COMPLETED';

/** Each completed action's credits with the ids of the ledger transactions that carry them, and the balance moves they need. */
async function recordCredits(
  trx: Transaction<Database>,
  scope: PartnerScope,
  completed: Completed[],
): Promise<{ credits: Map<string, ActionCredit[]>; moves: BalanceMove[] }> {
  const { ids, moves } = await recordTransactions(
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
  const credits = new Map(
    completed.map(({ action, plan }) => [
      action.id,
      plan.credits.map(({ user, externalUserId, stakeholderTypeCode, tokens, debtRepaid }) => ({
        partnerUserId: user.id,
        externalUserId,
        stakeholderTypeCode,
        tokens,
        debtRepaid,
        transactionId: ids[next++]!,
      })),
    ]),
  );
  return { credits, moves };
}

/** Each planned action's row as it is to be stored: the fields its result and its update need. */
function outcomeRows(planned: PlannedAction[], credits: Map<string, ActionCredit[]>) {
  return new Map(
    planned.map(({ action, plan }) => {
      const stored = credits.get(action.id) ?? [];
      const outcome =
        plan.status === 'COMPLETED'
          ? {
              status: plan.status,
              tokens_distributed: stored.reduce((sum, c) => sum + c.tokens, 0),
              pool_id: plan.poolId,
              credits: stored,
              failure_code: null,
              failure_reason: null,
            }
          : {
              status: plan.status,
              tokens_distributed: 0,
              pool_id: null,
              credits: [],
              failure_code: plan.code,
              failure_reason: plan.message,
            };
      return [action.id, { id: action.id, idempotency_key: action.idempotency_key, ...outcome }];
    }),
  );
}

/**
 * Writes what the batch decided that takes no account's lock, in the caller's transaction: the
 * ledger transactions and entries, the action rows and their events; and removes users only
 * refused actions asked for. Returns each planned action's result and the balance moves that
 * settleActionOutcomes makes.
 */
export async function recordActionOutcomes(
  trx: Transaction<Database>,
  scope: PartnerScope,
  planned: PlannedAction[],
  { createdUsers }: { createdUsers: Set<string> },
): Promise<{ results: ActionResult[]; moves: BalanceMove[] }> {
  if (planned.length === 0) return { results: [], moves: [] };
  const completed = planned.filter(isCompleted);
  const used = new Set(completed.flatMap(({ users }) => ('users' in users ? users.users.map((u) => u.id) : [])));
  await discardUnusedUsers(trx, createdUsers, used);
  const { credits, moves } = await recordCredits(trx, scope, completed);
  const rows = outcomeRows(planned, credits);
  const results = new Map([...rows].map(([id, row]) => [id, actionResult(row)]));
  const events = outcomeEvents(scope, planned, { results, credits, createdUsers });
  // The outcomes and their events in one statement, each set as one JSON parameter rather than a
  // parameter per value: one round trip, and nothing to bind per row.
  await sql`
    with stored as (
      update actions a set status = v.status, tokens_distributed = v.tokens_distributed, pool_id = v.pool_id, credits = v.credits,
        failure_code = v.failure_code, failure_reason = v.failure_reason, completed_at = now()
      from jsonb_to_recordset(${JSON.stringify([...rows.values()])}::jsonb)
        as v(id text, status text, tokens_distributed bigint, pool_id text, credits jsonb, failure_code text, failure_reason text)
      where a.id = v.id)
    insert into events (id, partner_id, environment, type, data, request_id, target_endpoint_id, dispatched_at)
    select id, partner_id, environment, type, data::jsonb, request_id, target_endpoint_id,
      ${dispatchedUnlessReceivable(sql.ref('e.partner_id'), sql.ref('e.environment'))}
    from jsonb_to_recordset(${JSON.stringify(newEventRows(events))}::jsonb)
      as e(id text, partner_id text, environment text, type text, data text, request_id text, target_endpoint_id text)`.execute(
    trx,
  );
  return { results: planned.map(({ action }) => results.get(action.id)!), moves };
}
