import { assert, describe, expect, it } from 'vitest';
import type { ActionRequest } from '../../src/actions/action-types.js';
import {
  planAction,
  sameDecisions,
  type ActionInputs,
  type ActionPlan,
  type BatchBook,
  type PlannedCredit,
} from '../../src/actions/plan-action.js';
import { defaultRewardRules } from '../../src/campaigns/reward-rules.js';
import type { Action, PartnerUser } from '../../src/db/schema.js';
import type { Posting } from '../../src/ledger/post-transaction.js';

const user = (id: string) => ({ id, external_id: `ext_${id}` }) as PartnerUser;

function purchase(id: string, amount: number, userIds: string[], campaignId?: string): ActionInputs {
  const request: ActionRequest = {
    idempotencyKey: id,
    actionType: 'PURCHASE',
    amount,
    stakeholders: userIds.map((u) => ({ stakeholderTypeCode: 'CUSTOMER', partnerUserId: `ext_${u}` })),
    autoCreateUsers: true,
    ...(campaignId && { campaignId }),
  };
  return {
    action: { id, amount: String(amount) } as Action,
    request,
    rules: { rules: defaultRewardRules },
    users: { users: userIds.map(user) },
  };
}

const book = (balance: number, extra: Partial<BatchBook> = {}): BatchBook => ({
  environment: 'sandbox',
  pool: { id: 'pool_p', balance },
  campaigns: new Map(),
  debts: new Map(),
  provisionalUsers: new Set(),
  ...extra,
});

describe('planning one action of a batch', () => {
  it('lets a request that may not create users use a user this batch created only once an earlier action completed with them', () => {
    const state = book(5, { provisionalUsers: new Set(['u1']) });
    const mayNotCreate = (id: string, amount: number): ActionInputs => {
      const inputs = purchase(id, amount, ['u1']);
      return { ...inputs, request: { ...inputs.request, autoCreateUsers: false } };
    };
    expect(planAction(state, purchase('creator_refused', 50, ['u1']))).toMatchObject({
      status: 'FAILED',
      code: 'INSUFFICIENT_POOL_BALANCE',
    });
    expect(planAction(state, mayNotCreate('too_early', 1))).toEqual({
      status: 'FAILED',
      code: 'USER_NOT_FOUND',
      message: 'user "ext_u1" does not exist and autoCreateUsers is false',
    });
    expect(planAction(state, purchase('creator', 2, ['u1']))).toMatchObject({ status: 'COMPLETED' });
    expect(planAction(state, mayNotCreate('after', 1))).toMatchObject({ status: 'COMPLETED', poolBalanceAfter: 2 });
  });

  it('draws each action from the balance the ones before it left, and a refused one leaves the book untouched', () => {
    const state = book(10);
    expect(planAction(state, purchase('a1', 6, ['u1']))).toMatchObject({ status: 'COMPLETED', poolBalanceAfter: 4 });
    expect(planAction(state, purchase('a2', 5, ['u1']))).toEqual({
      status: 'FAILED',
      code: 'INSUFFICIENT_POOL_BALANCE',
      message: 'token pool pool_p has fewer than the 5 tokens this action needs',
    });
    expect(state.pool?.balance).toBe(4);
    expect(planAction(state, purchase('a3', 4, ['u2']))).toMatchObject({ status: 'COMPLETED', poolBalanceAfter: 0 });
  });

  it('refuses the whole action when its second stakeholder cannot be paid, keeping the first share in the pool', () => {
    const state = book(3, { debts: new Map([['u1', [{ poolId: 'pool_q', owed: 1 }]]]) });
    expect(planAction(state, purchase('a1', 4, ['u1', 'u2']))).toMatchObject({
      status: 'FAILED',
      code: 'INSUFFICIENT_POOL_BALANCE',
    });
    expect(state).toEqual(book(3, { debts: new Map([['u1', [{ poolId: 'pool_q', owed: 1 }]]]) }));
  });

  it('repays debts first, so the next action of the same user repays only what is left; repayments to this pool return to it', () => {
    const state = book(10, {
      debts: new Map([
        [
          'u1',
          [
            { poolId: 'pool_p', owed: 3 },
            { poolId: 'pool_q', owed: 4 },
          ],
        ],
      ]),
    });
    const first = planAction(state, purchase('a1', 5, ['u1']));
    expect(first).toMatchObject({ status: 'COMPLETED', poolBalanceAfter: 8, credits: [{ tokens: 5, debtRepaid: 5 }] });
    expect(state.debts.get('u1')).toEqual([{ poolId: 'pool_q', owed: 2 }]);
    const second = planAction(state, purchase('a2', 5, ['u1']));
    expect(second).toMatchObject({ status: 'COMPLETED', poolBalanceAfter: 3, credits: [{ tokens: 5, debtRepaid: 2 }] });
    expect(second.status === 'COMPLETED' && second.credits[0]!.postings).toEqual([
      { account: { id: 'pool:pool_p', kind: 'pool', ownerId: 'pool_p' }, amount: -5 },
      { account: { id: 'user:u1', kind: 'user', ownerId: 'u1' }, amount: 3 },
      { account: { id: 'user_debt:u1:pool_q', kind: 'user_debt', ownerId: 'u1' }, amount: 2 },
      { account: { id: 'pool_receivable:pool_q', kind: 'pool_receivable', ownerId: 'pool_q' }, amount: -2 },
      { account: { id: 'pool:pool_q', kind: 'pool', ownerId: 'pool_q' }, amount: 2 },
    ]);
    expect(state.debts.get('u1')).toEqual([]);
  });

  it('marks the draw that uses the campaign budget last token, and refuses the next', () => {
    const state = book(100, {
      campaigns: new Map([['cmp_1', { status: 'ACTIVE', tokenBudget: 10, tokensDistributed: 3 }]]),
    });
    expect(planAction(state, purchase('a1', 7, ['u1'], 'cmp_1'))).toMatchObject({
      status: 'COMPLETED',
      budgetReached: true,
    });
    expect(planAction(state, purchase('a2', 1, ['u1'], 'cmp_1'))).toEqual({
      status: 'FAILED',
      code: 'CAMPAIGN_BUDGET_EXHAUSTED',
      message: 'campaign cmp_1 has 0 of its 10 budget tokens left; this action needs 1',
    });
    expect(state.pool?.balance).toBe(93);
  });

  it('meets refusals in the order one action alone meets them', () => {
    const refusedRules: ActionInputs = {
      ...purchase('a1', 1, ['u1']),
      rules: { refusal: 'campaign cmp_x is not active' },
      users: { missing: 'ext_u1' },
    };
    expect(planAction(book(0, { pool: undefined }), refusedRules)).toMatchObject({ code: 'CAMPAIGN_NOT_ACTIVE' });
    expect(
      planAction(book(0, { pool: undefined }), { ...refusedRules, rules: { rules: defaultRewardRules } }),
    ).toMatchObject({ code: 'USER_NOT_FOUND' });
    expect(planAction(book(0, { pool: undefined }), purchase('a1', 1, ['u1']))).toMatchObject({
      code: 'NO_SANDBOX_POOL',
    });
    expect(
      planAction(book(0, { pool: undefined, environment: 'production' }), purchase('a1', 1, ['u1'])),
    ).toMatchObject({ code: 'NO_ACTIVE_POOL' });
  });

  it('calls two plannings the same when only the balance they leave differs, and different when any action is decided otherwise', () => {
    const inputs = [purchase('a1', 6, ['u1']), purchase('a2', 4, ['u2'])];
    const planEach = (state: BatchBook) => inputs.map((input) => ({ ...input, plan: planAction(state, input) }));
    const onTheRead = planEach(book(100));

    expect(sameDecisions(onTheRead, planEach(book(40)))).toBe(true);
    expect(sameDecisions(onTheRead, planEach(book(8)))).toBe(false);
    expect(
      sameDecisions(onTheRead, planEach(book(100, { debts: new Map([['u2', [{ poolId: 'pool_p', owed: 1 }]]]) }))),
    ).toBe(false);
    expect(sameDecisions(onTheRead, onTheRead.slice(1))).toBe(false);
  });

  it('tells two plans apart by any field of theirs but the balance they leave, fields added later included', () => {
    const inputs = purchase('a1', 5, ['u1'], 'cmp_1');
    const completed = planAction(
      book(100, {
        debts: new Map([['u1', [{ poolId: 'pool_q', owed: 2 }]]]),
        campaigns: new Map([['cmp_1', { status: 'ACTIVE', tokenBudget: 10, tokensDistributed: 0 }]]),
      }),
      inputs,
    );
    const failed = planAction(book(1), inputs);
    const same = (a: ActionPlan, b: ActionPlan) => sameDecisions([{ ...inputs, plan: a }], [{ ...inputs, plan: b }]);
    // Every field of these kinds is compared; a field of another kind must be added here and to sameDecision.
    const changed = (value: unknown) =>
      typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : `${String(value)}_other`;
    const kinds = ['number', 'boolean', 'string'];

    assert(completed.status === 'COMPLETED' && failed.status === 'FAILED');
    const [credit] = completed.credits;
    assert(credit !== undefined && credit.postings.length > 1);
    expect(same(completed, { ...completed, poolBalanceAfter: 0 })).toBe(true);
    expect(same(completed, failed)).toBe(false);
    expect(same(failed, completed)).toBe(false);
    for (const [key, value] of Object.entries(failed)) {
      expect(kinds).toContain(typeof value);
      expect(same(failed, { ...failed, [key]: changed(value) } as ActionPlan), key).toBe(false);
    }
    for (const [key, value] of Object.entries(completed)) {
      if (key === 'poolBalanceAfter' || key === 'credits') continue;
      expect(kinds).toContain(typeof value);
      expect(same(completed, { ...completed, [key]: changed(value) }), key).toBe(false);
    }
    const withCredit = (change: Partial<PlannedCredit>) => ({ ...completed, credits: [{ ...credit, ...change }] });
    expect(same(completed, { ...completed, credits: [credit, credit] })).toBe(false);
    expect(same(completed, withCredit({ user: { ...credit.user, id: 'u2' } }))).toBe(false);
    expect(same(completed, withCredit({ postings: [...credit.postings, credit.postings[0]!] }))).toBe(false);
    for (const [key, value] of Object.entries(credit)) {
      if (key === 'user' || key === 'postings') continue;
      expect(kinds).toContain(typeof value);
      expect(same(completed, withCredit({ [key]: changed(value) })), key).toBe(false);
    }
    const [posting, ...rest] = credit.postings;
    const withPosting = (change: Partial<Posting>) => withCredit({ postings: [{ ...posting!, ...change }, ...rest] });
    expect(same(completed, withPosting({ amount: posting!.amount + 1 }))).toBe(false);
    for (const [key, value] of Object.entries(posting!.account))
      expect(same(completed, withPosting({ account: { ...posting!.account, [key]: changed(value) } })), key).toBe(
        false,
      );
  });
});
