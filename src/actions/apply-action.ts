import type { Kysely, Transaction } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import { lockCampaignBudgets } from '../campaigns/campaign-budget.js';
import type { Action, Database } from '../db/schema.js';
import { outstandingDebts } from '../ledger/outstanding-debts.js';
import { lockPool } from '../pools/lock-pool.js';
import { findActivePool } from '../pools/token-pool-repository.js';
import type { ActionRequest, ActionResult } from './action-types.js';
import { actionResult } from './action-view.js';
import { planAction as decideAction, type ActionInputs, type BatchBook, type PlanAction, type PlannedAction } from './plan-action.js';
import { recordActionOutcomes } from './record-action-outcomes.js';
import { resolveRewardRules } from './resolve-reward-rules.js';
import { resolveStakeholders, stakeholderUsers } from './resolve-stakeholders.js';

export type ActionOutcome = PromiseSettledResult<ActionResult>;

export interface ApplyActionsOptions {
  /** Decides each action; a throw fails that action alone, which stays PROCESSING for its retry. */
  planAction?: PlanAction;
}

const done = (value: ActionResult): ActionOutcome => ({ status: 'fulfilled', value });
const failed = (reason: unknown): ActionOutcome => ({ status: 'rejected', reason });
const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * Applies an action exactly once: the action row is locked, and a row no longer PROCESSING
 * returns its stored result, so an activity retried after commit never debits twice.
 */
export async function applyAction(db: Kysely<Database>, actionId: string): Promise<ActionResult> {
  const [outcome] = (await applyActions(db, [actionId])) as [ActionOutcome];
  if (outcome.status === 'rejected') throw outcome.reason;
  return outcome.value;
}

/**
 * Applies actions of one partner and environment in one transaction, each with applyAction's
 * guarantees: the pool is locked once, each action is decided in turn against what the ones
 * before it left, and the ledger moves for all of them with a few statements. Answers one
 * outcome per id, in order; an id given twice gets the same outcome twice.
 */
export async function applyActions(db: Kysely<Database>, actionIds: string[], options: ApplyActionsOptions = {}): Promise<ActionOutcome[]> {
  return db.transaction().execute((trx) => applyInTransaction(trx, actionIds, options.planAction ?? decideAction));
}

async function applyInTransaction(trx: Transaction<Database>, actionIds: string[], planAction: PlanAction): Promise<ActionOutcome[]> {
  const ids = unique(actionIds);
  // In id order, so two transactions sharing actions lock them in one order.
  const rows = await trx.selectFrom('actions').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const outcomes = new Map<string, ActionOutcome>();
  const pending: Action[] = [];
  for (const id of ids) {
    const action = byId.get(id);
    if (!action) outcomes.set(id, failed(new Error(`action ${id} does not exist`)));
    else if (action.status !== 'PROCESSING') outcomes.set(id, done(actionResult(action)));
    else if (pending.length > 0 && (action.partner_id !== pending[0]!.partner_id || action.environment !== pending[0]!.environment)) {
      outcomes.set(id, failed(new Error(`action ${id} belongs to another partner or environment than its batch`)));
    } else pending.push(action);
  }
  if (pending.length > 0) {
    const scope = { partnerId: pending[0]!.partner_id, environment: pending[0]!.environment };
    for (const result of await applyPending(trx, scope, pending, planAction, outcomes)) outcomes.set(result.actionId, done(result));
  }
  return actionIds.map((id) => outcomes.get(id)!);
}

async function applyPending(trx: Transaction<Database>, scope: PartnerScope, actions: Action[], planAction: PlanAction, outcomes: Map<string, ActionOutcome>) {
  const requests = actions.map((action) => action.request as unknown as ActionRequest);
  const rules = new Map<string | undefined, ActionInputs['rules']>();
  for (const campaignId of unique(requests.map((r) => r.campaignId))) rules.set(campaignId, await resolveRewardRules(trx, scope, campaignId));
  // Users are found and created before the pool is locked, as one action alone does, so a batch
  // holding the pool never waits on another transaction's new user.
  const users = await resolveStakeholders(trx, scope, requests);
  const activePool = await findActivePool(trx, scope);
  // The pool's account is locked before any debt's or campaign's row: the order every post to
  // this pool follows, so a reward and a reversal on the same user cannot deadlock.
  const pool = activePool && (await lockPool(trx, activePool.id));
  const inputs: ActionInputs[] = actions.map((action, i) => ({
    action,
    request: requests[i]!,
    rules: rules.get(requests[i]!.campaignId)!,
    users: stakeholderUsers(requests[i]!, users),
  }));
  const drawnCampaigns = inputs.flatMap((input) => ('rules' in input.rules && input.request.campaignId !== undefined ? [input.request.campaignId] : []));
  const book: BatchBook = {
    environment: scope.environment,
    pool: pool && { id: pool.id, balance: pool.balance },
    campaigns: await lockCampaignBudgets(trx, scope, unique(drawnCampaigns)),
    debts: await outstandingDebts(trx, unique(inputs.flatMap((input) => ('users' in input.users ? input.users.users.map((u) => u.id) : [])))),
  };

  const planned: PlannedAction[] = [];
  for (const input of inputs) {
    // Deciding touches nothing in the database: an action that throws here is left out alone.
    try {
      planned.push({ ...input, plan: planAction(book, input) });
    } catch (error) {
      outcomes.set(input.action.id, failed(error));
    }
  }
  return recordActionOutcomes(trx, scope, planned, { pool, createdUsers: users.created });
}
