import type { ActionFailureCode, ActionRequest } from '../../src/actions/action-types.js';
import type { ReversalFailureCode } from '../../src/reversals/reversal-types.js';

// The ledger as the documentation describes it, for one partner's sandbox with one pool: plain
// numbers and maps, no database. Each function predicts one command's outcome and applies it.

export interface UserState {
  balance: number;
  debt: number;
}

export interface ModelAction {
  request: ActionRequest;
  status: 'COMPLETED' | 'FAILED';
  failureCode?: ActionFailureCode;
  tokensDistributed: number;
  /** One entry per stakeholder credited a non-zero share, in request order. */
  credits: Array<{ user: string; tokens: number }>;
  /** Hundredths of a percent, so partial reversals add up exactly. */
  reversedBasisPoints: number;
  reversedByUser: Map<string, number>;
}

export interface ModelReversal {
  actionIndex: number;
  refundKey: string;
  basisPoints: number;
  status: 'COMPLETED' | 'FAILED';
  failureCode?: ReversalFailureCode;
  tokensReturned: number;
  debtCreated: number;
  transactions: number;
}

export interface LedgerModel {
  poolOpen: boolean;
  pool: number;
  allocated: number;
  spent: number;
  /** A user exists once an action naming them completed. */
  users: Map<string, UserState>;
  actions: ModelAction[];
  reversals: ModelReversal[];
  keysIssued: number;
}

export function emptyLedgerModel(): LedgerModel {
  return {
    poolOpen: false,
    pool: 0,
    allocated: 0,
    spent: 0,
    users: new Map(),
    actions: [],
    reversals: [],
    keysIssued: 0,
  };
}

export function nextKey(model: LedgerModel, prefix: string): string {
  model.keysIssued += 1;
  return `${prefix}_${model.keysIssued}`;
}

export function fundPool(model: LedgerModel, tokens: number): void {
  model.poolOpen = true;
  model.pool += tokens;
  model.allocated += tokens;
}

/** Default rules: one token per currency unit rounded half up; VOLUNTEER earns a fixed 10. */
export function tokensFor(request: ActionRequest): number {
  if (request.actionType === 'VOLUNTEER') return 10;
  const cents = Math.round((request.amount ?? 0) * 100);
  return Math.floor((cents + 50) / 100);
}

/** Equal weights: the largest-remainder split gives the leftover tokens to the earliest stakeholders. */
export function equalShares(total: number, stakeholders: number): number[] {
  const base = Math.floor(total / stakeholders);
  return Array.from({ length: stakeholders }, (_, index) => base + (index < total - base * stakeholders ? 1 : 0));
}

/** Rules, then users, then the pool; any refusal leaves no trace, not even a created user. */
export function submitAction(model: LedgerModel, request: ActionRequest): ModelAction {
  const names = request.stakeholders.map((s) => s.partnerUserId);
  const refused = (failureCode: ActionFailureCode): ModelAction =>
    record(model, { request, status: 'FAILED', failureCode, tokensDistributed: 0, credits: [] });
  if (!request.autoCreateUsers && names.some((name) => !model.users.has(name))) return refused('USER_NOT_FOUND');
  if (!model.poolOpen) return refused('NO_SANDBOX_POOL');

  const users = new Map([...model.users].map(([name, state]) => [name, { ...state }]));
  let pool = model.pool;
  const credits: ModelAction['credits'] = [];
  const shares = equalShares(tokensFor(request), names.length);
  for (const [index, name] of names.entries()) {
    const user = users.get(name) ?? { balance: 0, debt: 0 };
    users.set(name, user);
    const tokens = shares[index]!;
    if (tokens === 0) continue;
    // The pool is debited before the repayment flows back to it, so it must hold the full share.
    if (pool < tokens) return refused('INSUFFICIENT_POOL_BALANCE');
    const repaid = Math.min(tokens, user.debt);
    pool += repaid - tokens;
    user.debt -= repaid;
    user.balance += tokens - repaid;
    credits.push({ user: name, tokens });
  }
  model.users = users;
  model.pool = pool;
  const tokensDistributed = credits.reduce((sum, c) => sum + c.tokens, 0);
  return record(model, { request, status: 'COMPLETED', tokensDistributed, credits });
}

function record(model: LedgerModel, action: Omit<ModelAction, 'reversedBasisPoints' | 'reversedByUser'>): ModelAction {
  const recorded = { ...action, reversedBasisPoints: 0, reversedByUser: new Map<string, number>() };
  model.actions.push(recorded);
  return recorded;
}

export type SpendOutcome = 'SPENT' | 'USER_NOT_FOUND' | 'INSUFFICIENT_BALANCE';

export function spendTokens(model: LedgerModel, name: string, tokens: number): SpendOutcome {
  const user = model.users.get(name);
  if (!user) return 'USER_NOT_FOUND';
  if (user.balance < tokens) return 'INSUFFICIENT_BALANCE';
  user.balance -= tokens;
  model.spent += tokens;
  return 'SPENT';
}

/**
 * Each user's share is reversed up to the cumulative percentage of what they were credited;
 * tokens go back to the pool up to the user's balance and the rest becomes their debt.
 */
export function reverseAction(
  model: LedgerModel,
  actionIndex: number,
  refundKey: string,
  basisPoints: number,
): ModelReversal {
  const action = model.actions[actionIndex]!;
  const base = { actionIndex, refundKey, basisPoints, tokensReturned: 0, debtCreated: 0, transactions: 0 };
  const refused = (failureCode: ReversalFailureCode) =>
    recordReversal(model, { ...base, status: 'FAILED', failureCode });
  if (action.status !== 'COMPLETED') return refused('NOT_REVERSIBLE');
  const cumulative = action.reversedBasisPoints + basisPoints;
  if (cumulative > 10_000) return refused('REVERSAL_LIMIT_EXCEEDED');

  const credited = new Map<string, number>();
  for (const credit of action.credits) credited.set(credit.user, (credited.get(credit.user) ?? 0) + credit.tokens);
  const reversal: ModelReversal = { ...base, status: 'COMPLETED' };
  for (const [name, tokensCredited] of credited) {
    const already = action.reversedByUser.get(name) ?? 0;
    const tokens = Math.max(0, Math.floor((tokensCredited * cumulative) / 10_000) - already);
    if (tokens === 0) continue;
    const user = model.users.get(name)!;
    const returned = Math.min(tokens, user.balance);
    user.balance -= returned;
    user.debt += tokens - returned;
    model.pool += returned;
    action.reversedByUser.set(name, already + tokens);
    reversal.tokensReturned += returned;
    reversal.debtCreated += tokens - returned;
    reversal.transactions += 1;
  }
  action.reversedBasisPoints = cumulative;
  return recordReversal(model, reversal);
}

function recordReversal(model: LedgerModel, reversal: ModelReversal): ModelReversal {
  model.reversals.push(reversal);
  return reversal;
}

/** What the ledger's accounts should hold, in the shape the real snapshot is read in. */
export function expectedBalances(model: LedgerModel) {
  const users = Object.fromEntries([...model.users].sort(([a], [b]) => a.localeCompare(b)));
  const owed = [...model.users.values()].reduce((sum, u) => sum + u.debt, 0);
  return { pool: model.pool, allocated: model.allocated, spent: model.spent, receivable: owed, users };
}

export type LedgerBalances = ReturnType<typeof expectedBalances>;
