import type { Kysely, Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import { campaignBudgets } from '../campaigns/campaign-budget.js';
import type { Action, Database } from '../db/schema.js';
import { outstandingDebts } from '../ledger/outstanding-debts.js';
import { lockPool, type LockedPool } from '../pools/lock-pool.js';
import { findActivePoolWithBalance } from '../pools/token-pool-repository.js';
import { notifySettled } from '../ledger/settlements.js';
import type { ActionRequest, ActionResult } from './action-types.js';
import { actionResult } from './action-view.js';
import {
  planAction as decideAction,
  sameDecisions,
  type ActionInputs,
  type BatchBook,
  type PlanAction,
  type PlannedAction,
} from './plan-action.js';
import { recordActionOutcomes } from './record-action-outcomes.js';
import { resolveRewardRules } from './resolve-reward-rules.js';
import { resolveStakeholders, stakeholderUsers } from './resolve-stakeholders.js';
import { settleActionOutcomes } from './settle-action-outcomes.js';

export type ActionOutcome = PromiseSettledResult<ActionResult>;

export interface ApplyActionsOptions {
  /** Decides each action; a throw fails that action alone, which stays PROCESSING for its retry. */
  planAction?: PlanAction;
}

const done = (value: ActionResult): ActionOutcome => ({ status: 'fulfilled', value });
const failed = (reason: unknown): ActionOutcome => ({ status: 'rejected', reason });
const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * How a batch takes its locks. `optimistic`: planned on what is committed, its entries, action
 * rows and events written, and only then the pool and the accounts locked, for the balance
 * updates and the commit alone; so batches on one pool overlap all but that. `locked`: the pool
 * locked first and everything done under it, as the fallback when the optimistic plan no longer
 * holds once the locks are taken.
 */
type LockMode = 'optimistic' | 'locked';

/** The batch's plan no longer holds under the locks: another transaction moved what it read. */
class BookChanged extends Error {}

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
 * guarantees: each action is decided in turn against what the ones before it left, and the
 * ledger moves for all of them with a few statements. Answers one outcome per id, in order; an
 * id given twice gets the same outcome twice.
 */
export async function applyActions(
  db: Kysely<Database>,
  actionIds: string[],
  options: ApplyActionsOptions = {},
): Promise<ActionOutcome[]> {
  const planAction = options.planAction ?? decideAction;
  try {
    return await db.transaction().execute((trx) => applyInTransaction(trx, actionIds, planAction, 'optimistic'));
  } catch (error) {
    if (!(error instanceof BookChanged)) throw error;
    return db.transaction().execute((trx) => applyInTransaction(trx, actionIds, planAction, 'locked'));
  }
}

async function applyInTransaction(
  trx: Transaction<Database>,
  actionIds: string[],
  planAction: PlanAction,
  mode: LockMode,
): Promise<ActionOutcome[]> {
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
    else if (
      pending.length > 0 &&
      (action.partner_id !== pending[0]!.partner_id || action.environment !== pending[0]!.environment)
    ) {
      outcomes.set(id, failed(new Error(`action ${id} belongs to another partner or environment than its batch`)));
    } else pending.push(action);
  }
  if (pending.length > 0) {
    const scope = { partnerId: pending[0]!.partner_id, environment: pending[0]!.environment };
    for (const result of await applyPending(trx, scope, pending, planAction, outcomes, mode))
      outcomes.set(result.actionId, done(result));
  }
  return actionIds.map((id) => outcomes.get(id)!);
}

/** What the batch draws on: the pool's balance, the campaigns' budgets and the users' debts; read as committed, or locked. */
async function readBook(
  trx: Transaction<Database>,
  scope: PartnerScope,
  inputs: ActionInputs[],
  pool: { id: string; balance: number } | undefined,
  createdUsers: Set<string>,
  lock: boolean,
): Promise<BatchBook> {
  const drawnCampaigns = inputs.flatMap((input) =>
    'rules' in input.rules && input.request.campaignId !== undefined ? [input.request.campaignId] : [],
  );
  const userIds = inputs.flatMap((input) => ('users' in input.users ? input.users.users.map((u) => u.id) : []));
  return {
    environment: scope.environment,
    pool: pool && { id: pool.id, balance: pool.balance },
    campaigns: await campaignBudgets(trx, scope, unique(drawnCampaigns), { lock }),
    debts: await outstandingDebts(trx, unique(userIds), { lock }),
    provisionalUsers: new Set(createdUsers),
  };
}

/** Decides each action in turn against the book; an action whose planning throws is left out, failed alone. */
function planEach(
  book: BatchBook,
  inputs: ActionInputs[],
  planAction: PlanAction,
  outcomes: Map<string, ActionOutcome>,
): PlannedAction[] {
  const planned: PlannedAction[] = [];
  for (const input of inputs) {
    // Deciding touches nothing in the database: an action that throws here is left out alone.
    try {
      planned.push({ ...input, plan: planAction(book, input) });
    } catch (error) {
      outcomes.set(input.action.id, failed(error));
    }
  }
  return planned;
}

async function applyPending(
  trx: Transaction<Database>,
  scope: PartnerScope,
  actions: Action[],
  planAction: PlanAction,
  outcomes: Map<string, ActionOutcome>,
  mode: LockMode,
) {
  const requests = actions.map((action) => action.request as unknown as ActionRequest);
  const rules = new Map<string | undefined, ActionInputs['rules']>();
  for (const campaignId of unique(requests.map((r) => r.campaignId)))
    rules.set(campaignId, await resolveRewardRules(trx, scope, campaignId));
  // Users are found and created before the pool is locked, as one action alone does, so a batch
  // holding the pool never waits on another transaction's new user.
  const users = await resolveStakeholders(trx, scope, requests);
  const activePool = await findActivePoolWithBalance(trx, scope);
  const inputs: ActionInputs[] = actions.map((action, i) => ({
    action,
    request: requests[i]!,
    rules: rules.get(requests[i]!.campaignId)!,
    users: stakeholderUsers(requests[i]!, users),
  }));
  // The pool's account is locked before any debt's or campaign's row: the order every post to
  // this pool follows, so a reward and a reversal on the same user cannot deadlock.
  const lockThePool = async (): Promise<LockedPool | undefined> => activePool && (await lockPool(trx, activePool.id));

  if (mode === 'locked') {
    const pool = await lockThePool();
    const planned = planEach(
      await readBook(trx, scope, inputs, pool, users.created, true),
      inputs,
      planAction,
      outcomes,
    );
    const { results, moves } = await recordActionOutcomes(trx, scope, planned, { createdUsers: users.created });
    await settleActionOutcomes(trx, scope, planned, { pool, moves });
    await notifySettled(
      trx,
      results.map((result) => ({ id: result.actionId, result })),
    );
    return results;
  }

  const committed = activePool && { id: activePool.id, balance: activePool.balance };
  const draft = planEach(
    await readBook(trx, scope, inputs, committed, users.created, false),
    inputs,
    planAction,
    outcomes,
  );
  const { results, moves } = await recordActionOutcomes(trx, scope, draft, { createdUsers: users.created });
  // Delivered only if this transaction commits, so it can be sent before the pool's lock is taken.
  await notifySettled(
    trx,
    results.map((result) => ({ id: result.actionId, result })),
  );
  const pool = await lockThePool();
  const planned = planEach(
    await readBook(trx, scope, inputs, pool, users.created, true),
    inputs,
    planAction,
    new Map(),
  );
  if (!sameDecisions(draft, planned))
    throw new BookChanged('the batch was planned on balances that changed before they were locked');
  await settleActionOutcomes(trx, scope, planned, { pool, moves });
  return results;
}
