import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { requestFingerprint } from '../../src/actions/action-fingerprint.js';
import { LedgerRefusal } from '../../src/ledger/post-transaction.js';
import { spendTokens } from '../../src/ledger/spend-tokens.js';
import { claimReversal } from '../../src/reversals/reversal-repository.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { poolBalance, reversal, reverse, userLedger } from '../support/reversal-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import { testActivityDependencies } from '../support/activity-deps.js';
import type { TestApp, TestPartner } from '../support/test-app.js';

describe('reversal debt, and the reversal activity applying exactly once', () => {
  let harness: TemporalApp;
  let t: TestApp;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ t } = harness);
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  const submit = (partner: TestPartner, body: unknown) =>
    t.signed(partner.sandbox, 'POST', '/v1/partner/actions/submit', body);
  const scopeOf = (partner: TestPartner) => ({ partnerId: partner.partnerId, environment: 'sandbox' as const });

  it('turns spent tokens into debt, which the next reward repays first into the pool that was short', async () => {
    const partner = await t.createPartner();
    const shortPool = await fundPool(t, partner, 1000);
    const actionId = (await submit(partner, purchase('earn', 50, 'spender'))).json().actionId;
    await spendTokens(t.database.db, scopeOf(partner), 'spender', 30, 'gift card');
    await expect(spendTokens(t.database.db, scopeOf(partner), 'spender', 21, 'too much')).rejects.toBeInstanceOf(
      LedgerRefusal,
    );

    const reversed = await reverse(t, partner.sandbox, actionId, reversal('refund_earn', 100));
    expect(reversed.json()).toMatchObject({
      status: 'COMPLETED',
      tokensReversed: 50,
      tokensReturned: 20,
      debtCreated: 30,
    });
    expect(await userLedger(t.database.db, partner, 'spender')).toEqual({ balance: 0, debt: 30 });
    expect(await poolBalance(t, partner, shortPool.id)).toBe(970);

    // The next reward is paid from another pool, so the repayment's destination is visible.
    await t.database.db.updateTable('token_pools').set({ status: 'INACTIVE' }).where('id', '=', shortPool.id).execute();
    const payingPool = await fundPool(t, partner, 500);
    const next = (await submit(partner, purchase('earn_again', 40, 'spender'))).json();
    expect(next).toMatchObject({ status: 'COMPLETED', tokensDistributed: 40 });
    const action = (await t.signed(partner.sandbox, 'GET', `/v1/partner/actions/${next.actionId}`)).json();
    expect(action.stakeholders).toEqual([
      expect.objectContaining({ partnerUserId: 'spender', tokens: 40, debtRepaid: 30 }),
    ]);
    expect(await userLedger(t.database.db, partner, 'spender')).toEqual({ balance: 10, debt: 0 });
    expect(await poolBalance(t, partner, shortPool.id)).toBe(1000);
    expect(await poolBalance(t, partner, payingPool.id)).toBe(460);
  });

  it('applies a reversal once when its activity runs again after the commit', async () => {
    const partner = await t.createPartner();
    await fundPool(t, partner, 100);
    const actionId = (await submit(partner, purchase('once', 40, 'once_user'))).json().actionId;
    const request = reversal('refund_once', 50);
    const row = await claimReversal(t.database.db, scopeOf(partner), {
      actionId,
      request,
      fingerprint: requestFingerprint({ actionId, ...request }),
      requestId: null,
    });
    const { applyReversal } = createActivities(testActivityDependencies(t.database.db));

    const first = await new MockActivityEnvironment({ attempt: 1 }).run(applyReversal, { reversalId: row.id });
    const retried = await new MockActivityEnvironment({ attempt: 2 }).run(applyReversal, { reversalId: row.id });

    expect(first).toMatchObject({ status: 'COMPLETED', tokensReversed: 20, tokensReturned: 20 });
    expect(retried).toEqual(first);
    const transactions = await t.database.db
      .selectFrom('ledger_transactions')
      .select('id')
      .where('reversal_id', '=', row.id)
      .execute();
    expect(transactions).toHaveLength(1);
    expect(await userLedger(t.database.db, partner, 'once_user')).toEqual({ balance: 20, debt: 0 });
    const reversedEvents = await t.database.db
      .selectFrom('events')
      .select('type')
      .where('partner_id', '=', partner.partnerId)
      .where('type', 'in', ['action.reversed', 'transaction.reversed'])
      .execute();
    expect(reversedEvents).toHaveLength(2);
    expect((await t.signed(partner.sandbox, 'GET', `/v1/partner/actions/${actionId}`)).json()).toMatchObject({
      tokensReversed: 20,
      reversedPercentage: 50,
    });
  });

  it('refuses under lock, as a result and not an error, a reversal that passed the API pre-check too early', async () => {
    const partner = await t.createPartner();
    await fundPool(t, partner, 100);
    const actionId = (await submit(partner, purchase('twice', 40, 'twice_user'))).json().actionId;
    const claim = (key: string) => {
      const request = reversal(key, 60);
      return claimReversal(t.database.db, scopeOf(partner), {
        actionId,
        request,
        fingerprint: requestFingerprint({ actionId, ...request }),
        requestId: null,
      });
    };
    const [first, second] = [await claim('refund_a'), await claim('refund_b')];
    const { applyReversal } = createActivities(testActivityDependencies(t.database.db));

    expect(await new MockActivityEnvironment().run(applyReversal, { reversalId: first.id })).toMatchObject({
      status: 'COMPLETED',
      tokensReversed: 24,
    });
    const refused = await new MockActivityEnvironment().run(applyReversal, { reversalId: second.id });
    expect(refused).toMatchObject({
      status: 'FAILED',
      tokensReversed: 0,
      transactionIds: [],
      failure: { code: 'REVERSAL_LIMIT_EXCEEDED' },
    });
    expect(await userLedger(t.database.db, partner, 'twice_user')).toEqual({ balance: 16, debt: 0 });
  });
});
