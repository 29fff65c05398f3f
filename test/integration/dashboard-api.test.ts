import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { reversal, reverse } from '../support/reversal-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestApp, TestPartner } from '../support/test-app.js';

describe('the dashboard over actions submitted through the API and Temporal', () => {
  let harness: TemporalApp;
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ t } = harness);
    partner = await t.createPartner();
    await fundPool(t, partner, 1000, 'sandbox', 900);
  });
  afterAll(async () => harness.close());

  const submit = (body: unknown) => t.signed(partner.sandbox, 'POST', '/v1/partner/actions/submit', body);
  const get = async (path: string) => (await t.signed(partner.sandbox, 'GET', `/v1/partner/dashboard/${path}`)).json();

  it('shows a reward, a failure and a reversal in summary, top earners, recent activity and health', async () => {
    const rewarded = await submit(purchase('dash_reward', 40, 'ann'));
    expect(rewarded.json().status).toBe('COMPLETED');
    expect((await submit(purchase('dash_missing', 5, 'ghost', { autoCreateUsers: false }))).json().error.code).toBe(
      'USER_NOT_FOUND',
    );
    const reversed = await reverse(t, partner.sandbox, rewarded.json().actionId, reversal('dash_refund', 25));
    expect(reversed.json()).toMatchObject({ status: 'COMPLETED', tokensReversed: 10 });

    const summary = await get('summary');
    expect(summary.activity.today).toEqual({ actions: 2, completed: 1, failed: 1, tokensDistributed: 40 });
    expect(summary.pools).toMatchObject({ count: 1, totalBalance: 970, lowBalance: 0 });
    expect(summary.users).toEqual({ total: 1, newLast30Days: 1 });

    expect((await get('top-earners?days=1')).data).toEqual([
      { partnerUserId: 'ann', tokensEarned: 40, tokensReversed: 10, balance: 30 },
    ]);
    const activity = (await get('recent-activity')).data.map(
      (row: { type: string; status: string; tokens: number }) => [row.type, row.status, row.tokens],
    );
    expect(activity).toEqual([
      ['reversal', 'COMPLETED', 10],
      ['action', 'FAILED', 0],
      ['action', 'COMPLETED', 40],
    ]);

    const health = await get('integration-health');
    expect(health.pool).toMatchObject({ status: 'ok', balance: 970 });
    expect(health.recentFailures).toMatchObject({
      status: 'warning',
      message: '1 of 2 actions failed in the last 24 h: USER_NOT_FOUND ×1',
    });
    await expectLedgerInvariants(t);
  });
});
