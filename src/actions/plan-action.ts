import { drawBudget, type CampaignBudget } from '../campaigns/budget-draw.js';
import type { Action, Environment, PartnerUser } from '../db/schema.js';
import { accounts, type AccountRef } from '../ledger/account-ids.js';
import { planCredit, type OutstandingDebt } from '../ledger/debt-offset.js';
import type { Posting } from '../ledger/post-transaction.js';
import type { ActionFailureCode, ActionRequest } from './action-types.js';
import { computeRewards, type RewardRules } from '../campaigns/reward-rules.js';

/** What a batch holds locked, as the actions planned before the next one leave it. */
export interface BatchBook {
  environment: Environment;
  pool: { id: string; balance: number } | undefined;
  campaigns: Map<string, CampaignBudget>;
  debts: Map<string, OutstandingDebt[]>;
  /**
   * Ids of users this batch created that no action planned so far completed with. One action at a
   * time, such a user would not exist yet: a request that may not create users cannot use them.
   */
  provisionalUsers: Set<string>;
}

export interface ActionInputs {
  action: Action;
  request: ActionRequest;
  rules: { rules: RewardRules } | { refusal: string };
  users: { users: PartnerUser[] } | { missing: string };
}

export interface PlannedCredit {
  user: PartnerUser;
  stakeholderTypeCode: string;
  externalUserId: string;
  tokens: number;
  debtRepaid: number;
  postings: Posting[];
}

export type ActionPlan =
  | { status: 'FAILED'; code: ActionFailureCode; message: string }
  | { status: 'COMPLETED'; poolId: string; credits: PlannedCredit[]; poolBalanceAfter: number; budgetReached: boolean };

export type PlannedAction = ActionInputs & { plan: ActionPlan };

export type PlanAction = (book: BatchBook, inputs: ActionInputs) => ActionPlan;

const refused = (code: ActionFailureCode, message: string): ActionPlan => ({ status: 'FAILED', code, message });
const userNotFound = (externalId: string) =>
  refused('USER_NOT_FOUND', `user "${externalId}" does not exist and autoCreateUsers is false`);

/** Repayments leave the debts they paid smaller, and paid-off debts gone. */
function afterRepaying(
  debts: OutstandingDebt[],
  repayments: Array<{ poolId: string; amount: number }>,
): OutstandingDebt[] {
  return debts
    .map((debt) => ({ ...debt, owed: debt.owed - (repayments.find((r) => r.poolId === debt.poolId)?.amount ?? 0) }))
    .filter((debt) => debt.owed > 0);
}

/**
 * Decides one action against the batch's book, with the refusals in the order one action alone
 * meets them: campaign rules, users, pool, campaign budget, pool balance. Only a completed action
 * changes the book; a refused one leaves it as it found it.
 */
export const planAction: PlanAction = (book, { action, request, rules, users }) => {
  if ('refusal' in rules) return refused('CAMPAIGN_NOT_ACTIVE', rules.refusal);
  if ('missing' in users) return userNotFound(users.missing);
  const provisional = request.autoCreateUsers ? undefined : users.users.find((u) => book.provisionalUsers.has(u.id));
  if (provisional) return userNotFound(provisional.external_id);
  const pool = book.pool;
  if (!pool) {
    return book.environment === 'sandbox'
      ? refused('NO_SANDBOX_POOL', 'no sandbox token pool is provisioned for this partner')
      : refused('NO_ACTIVE_POOL', 'No active token pool found');
  }
  const shares = computeRewards(rules.rules, {
    actionType: request.actionType,
    amount: action.amount,
    stakeholderTypes: request.stakeholders.map((s) => s.stakeholderTypeCode),
  });
  const total = shares.reduce((a, b) => a + b, 0);
  const draw =
    request.campaignId === undefined
      ? undefined
      : drawBudget(request.campaignId, book.campaigns.get(request.campaignId), total);
  if (draw && 'refusal' in draw) return refused(draw.refusal.code, draw.refusal.message);

  let balance = pool.balance;
  const debts = new Map<string, OutstandingDebt[]>();
  const credits: PlannedCredit[] = [];
  for (const [index, stakeholder] of request.stakeholders.entries()) {
    const tokens = shares[index] ?? 0;
    if (tokens === 0) continue;
    // The pool's debit is its first posting, so the pool pays before any repayment returns to it.
    if (balance < tokens)
      return refused(
        'INSUFFICIENT_POOL_BALANCE',
        `token pool ${pool.id} has fewer than the ${total} tokens this action needs`,
      );
    const user = users.users[index]!;
    const owed = debts.get(user.id) ?? book.debts.get(user.id) ?? [];
    const plan = planCredit(tokens, owed);
    debts.set(user.id, afterRepaying(owed, plan.repayments));
    balance += plan.repayments.filter((r) => r.poolId === pool.id).reduce((sum, r) => sum + r.amount, -tokens);
    credits.push({
      user,
      stakeholderTypeCode: stakeholder.stakeholderTypeCode,
      externalUserId: user.external_id,
      tokens,
      debtRepaid: tokens - plan.toBalance,
      postings: [
        { account: accounts.pool(pool.id), amount: -tokens },
        { account: accounts.user(user.id), amount: plan.toBalance },
        ...plan.repayments.flatMap((r) => [
          { account: accounts.userDebt(user.id, r.poolId), amount: r.amount },
          { account: accounts.poolReceivable(r.poolId), amount: -r.amount },
          { account: accounts.pool(r.poolId), amount: r.amount },
        ]),
      ],
    });
  }

  pool.balance = balance;
  for (const [userId, left] of debts) book.debts.set(userId, left);
  for (const user of users.users) book.provisionalUsers.delete(user.id);
  if (draw) book.campaigns.set(request.campaignId!, draw.budget);
  return {
    status: 'COMPLETED',
    poolId: pool.id,
    credits,
    poolBalanceAfter: balance,
    budgetReached: draw?.reached ?? false,
  };
};

const sameAccount = (a: AccountRef, b: AccountRef) => a.id === b.id && a.kind === b.kind && a.ownerId === b.ownerId;
const samePosting = (a: Posting, b: Posting) => a.amount === b.amount && sameAccount(a.account, b.account);
const sameCredit = (a: PlannedCredit, b: PlannedCredit) =>
  a.user.id === b.user.id &&
  a.stakeholderTypeCode === b.stakeholderTypeCode &&
  a.externalUserId === b.externalUserId &&
  a.tokens === b.tokens &&
  a.debtRepaid === b.debtRepaid &&
  a.postings.length === b.postings.length &&
  a.postings.every((posting, i) => samePosting(posting, b.postings[i]!));

/**
 * Whether two plans decide the same for the action itself: everything but the pool's balance they
 * leave. Field by field: it runs under the pool's lock for every action of a batch.
 */
function sameDecision(a: ActionPlan, b: ActionPlan): boolean {
  if (a.status === 'FAILED') return b.status === 'FAILED' && a.code === b.code && a.message === b.message;
  if (b.status === 'FAILED') return false;
  return (
    a.status === b.status &&
    a.poolId === b.poolId &&
    a.budgetReached === b.budgetReached &&
    a.credits.length === b.credits.length &&
    a.credits.every((credit, i) => sameCredit(credit, b.credits[i]!))
  );
}

/**
 * Whether two plannings of the same actions decided the same for each of them: the same actions
 * planned, each with the same outcome, credits, postings and budget draw. The pool's balance may
 * differ: a plan drawn against an older balance still holds if every decision is the same.
 */
export function sameDecisions(a: PlannedAction[], b: PlannedAction[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => x.action.id === b[i]!.action.id && sameDecision(x.plan, b[i]!.plan));
}
