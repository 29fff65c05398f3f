import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { Action, ActionCredit, Database } from '../db/schema.js';
import { drawCampaignBudget } from '../campaigns/campaign-budget.js';
import { recordEvent } from '../events/event-outbox.js';
import { accounts } from '../ledger/account-ids.js';
import { planCredit } from '../ledger/debt-offset.js';
import { LedgerRefusal, postTransaction, type Posting } from '../ledger/post-transaction.js';
import { findActivePool } from '../pools/token-pool-repository.js';
import { recordPoolAlerts } from '../pools/record-pool-alerts.js';
import { outstandingDebts } from '../ledger/outstanding-debts.js';
import type { ActionFailureCode, ActionRequest, ActionResult } from './action-types.js';
import { actionResult } from './action-view.js';
import { resolveRewardRules } from './resolve-reward-rules.js';
import { computeRewards } from './reward-rules.js';
import { resolveStakeholders } from './resolve-stakeholders.js';

class ActionRefusal extends Error {
  constructor(readonly code: ActionFailureCode, message: string) {
    super(message);
  }
}

/**
 * Applies an action exactly once: the action row is locked, and a row no longer PROCESSING
 * returns its stored result, so an activity retried after commit never debits twice.
 */
export async function applyAction(db: Kysely<Database>, actionId: string): Promise<ActionResult> {
  return db.transaction().execute(async (trx) => {
    const action = await trx.selectFrom('actions').selectAll().where('id', '=', actionId).forUpdate().executeTakeFirst();
    if (!action) throw new Error(`action ${actionId} does not exist`);
    if (action.status !== 'PROCESSING') return actionResult(action);
    const scope = { partnerId: action.partner_id, environment: action.environment };
    const request = action.request as unknown as ActionRequest;
    await sql`savepoint apply_action`.execute(trx);
    try {
      return await distribute(trx, scope, action, request);
    } catch (error) {
      if (!(error instanceof ActionRefusal)) throw error;
      await sql`rollback to savepoint apply_action`.execute(trx);
      return fail(trx, scope, action, error);
    }
  });
}

async function distribute(trx: Transaction<Database>, scope: PartnerScope, action: Action, request: ActionRequest) {
  const rules = await resolveRewardRules(trx, scope, request.campaignId);
  if ('refusal' in rules) throw new ActionRefusal('CAMPAIGN_NOT_ACTIVE', rules.refusal);
  const users = await resolveStakeholders(trx, scope, request, action.request_id);
  if ('missing' in users) {
    throw new ActionRefusal('USER_NOT_FOUND', `user "${users.missing}" does not exist and autoCreateUsers is false`);
  }
  const pool = await findActivePool(trx, scope);
  if (!pool) {
    throw scope.environment === 'sandbox'
      ? new ActionRefusal('NO_SANDBOX_POOL', 'no sandbox token pool is provisioned for this partner')
      : new ActionRefusal('NO_ACTIVE_POOL', 'No active token pool found');
  }
  // The pool's account is locked before any user's debts, the order every ledger post follows,
  // so a reward and a reversal touching the same user and pool cannot deadlock.
  await trx.selectFrom('ledger_accounts').select('id').where('id', '=', accounts.pool(pool.id).id).forUpdate().execute();
  const shares = computeRewards(rules.rules, {
    actionType: request.actionType,
    amount: action.amount,
    stakeholderTypes: request.stakeholders.map((s) => s.stakeholderTypeCode),
  });
  // Drawn before the credits: a pool refusal below rolls the draw back with them.
  if (request.campaignId !== undefined) {
    const refusal = await drawCampaignBudget(trx, scope, request.campaignId, shares.reduce((a, b) => a + b, 0), action.request_id);
    if (refusal) throw new ActionRefusal(refusal.code, refusal.message);
  }

  const credits: ActionCredit[] = [];
  for (const [index, stakeholder] of request.stakeholders.entries()) {
    const tokens = shares[index] ?? 0;
    const user = users.users[index]!;
    if (tokens === 0) continue;
    const plan = planCredit(tokens, await outstandingDebts(trx, user.id));
    const postings: Posting[] = [
      { account: accounts.pool(pool.id), amount: -tokens },
      { account: accounts.user(user.id), amount: plan.toBalance },
      ...plan.repayments.flatMap((r) => [
        { account: accounts.userDebt(user.id, r.poolId), amount: r.amount },
        { account: accounts.poolReceivable(r.poolId), amount: -r.amount },
        { account: accounts.pool(r.poolId), amount: r.amount },
      ]),
    ];
    try {
      const transactionId = await postTransaction(trx, {
        ...scope,
        kind: 'reward',
        description: `${request.actionType} reward to ${stakeholder.partnerUserId}`,
        actionId: action.id,
        poolId: pool.id,
        partnerUserId: user.id,
        tokens,
        postings,
      });
      const debtRepaid = tokens - plan.toBalance;
      credits.push({ partnerUserId: user.id, externalUserId: user.external_id, stakeholderTypeCode: stakeholder.stakeholderTypeCode, tokens, debtRepaid, transactionId });
    } catch (error) {
      if (error instanceof LedgerRefusal) {
        throw new ActionRefusal('INSUFFICIENT_POOL_BALANCE', `token pool ${pool.id} has fewer than the ${shares.reduce((a, b) => a + b, 0)} tokens this action needs`);
      }
      throw error;
    }
  }

  const tokensDistributed = credits.reduce((sum, c) => sum + c.tokens, 0);
  const completed = await trx
    .updateTable('actions')
    .set({ status: 'COMPLETED', tokens_distributed: tokensDistributed, pool_id: pool.id, credits: JSON.stringify(credits), completed_at: sql`now()` })
    .where('id', '=', action.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const result = actionResult(completed);
  const requestId = action.request_id;
  for (const credit of credits) {
    await recordEvent(trx, { ...scope, requestId, type: 'transaction.completed', data: { transactionId: credit.transactionId, actionId: action.id, partnerUserId: credit.externalUserId, tokens: credit.tokens, debtRepaid: credit.debtRepaid, poolId: pool.id } });
  }
  await recordEvent(trx, { ...scope, requestId, type: 'action.completed', data: { ...result, actionType: request.actionType } });
  await recordPoolAlerts(trx, scope, pool.id, await poolBalance(trx, pool.id), tokensDistributed);
  return result;
}

async function poolBalance(trx: Transaction<Database>, poolId: string): Promise<number> {
  const row = await trx.selectFrom('ledger_accounts').select('balance').where('id', '=', accounts.pool(poolId).id).executeTakeFirst();
  return row?.balance ?? 0;
}

async function fail(trx: Transaction<Database>, scope: PartnerScope, action: Action, refusal: ActionRefusal) {
  const failed = await trx
    .updateTable('actions')
    .set({ status: 'FAILED', failure_code: refusal.code, failure_reason: refusal.message, completed_at: sql`now()` })
    .where('id', '=', action.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const result = actionResult(failed);
  await recordEvent(trx, { ...scope, requestId: action.request_id, type: 'action.failed', data: { ...result, actionType: action.action_type } });
  return result;
}
