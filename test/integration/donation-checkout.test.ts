import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkoutPath, donationBody, widgetRequest } from '../support/donation-fixtures.js';
import { expectLedgerInvariants, fundPool } from '../support/ledger-fixtures.js';
import { poolBalance } from '../support/reversal-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestApp, TestPartner } from '../support/test-app.js';

describe('completing a sandbox donation rewards the donor through processAction', () => {
  let harness: TemporalApp;
  let t: TestApp;
  let partner: TestPartner;
  let poolId: string;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ t } = harness);
    partner = await t.createPartner();
    poolId = (await fundPool(t, partner, 1000)).id;
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  async function createLink(who: TestPartner) {
    const response = await widgetRequest(
      t,
      who.sandbox.publicKey,
      'POST',
      '/v1/partner/donations/create-link',
      donationBody({ partnerUserId: `donor_${who.partnerId}` }),
    );
    expect(response.statusCode).toBe(201);
    const { donationLink, partnerDonationId } = response.json();
    return { path: checkoutPath(donationLink), partnerDonationId: partnerDonationId as string };
  }

  // As the page's form posts it.
  const complete = (path: string) =>
    t.app.inject({
      method: 'POST',
      url: `${path}/complete`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });

  // The pool's own events (its funding) are not the reward's.
  const eventTypes = async (partnerId: string) =>
    (
      await t.database.db
        .selectFrom('events')
        .select('type')
        .where('partner_id', '=', partnerId)
        .where('type', 'not like', 'token_pool.%')
        .execute()
    )
      .map((e) => e.type)
      .sort();

  it('two clicks at once complete the donation once and reward it once', async () => {
    const { path, partnerDonationId } = await createLink(partner);
    const clicks = await Promise.all([complete(path), complete(path)]);
    for (const click of clicks) {
      expect(click.statusCode).toBe(303);
      expect(click.headers.location).toBe(`../${path.split('/').pop()}`);
    }

    const status = await widgetRequest(
      t,
      partner.sandbox.publicKey,
      'GET',
      `/v1/partner/donations/status/${partnerDonationId}`,
    );
    expect(status.json()).toMatchObject({
      partnerDonationId,
      status: 'COMPLETED',
      completedAt: expect.any(String),
      reward: { actionId: expect.stringMatching(/^act_/), status: 'COMPLETED', tokens: 25 },
    });
    const actions = await t.database.db
      .selectFrom('actions')
      .selectAll()
      .where('partner_id', '=', partner.partnerId)
      .execute();
    expect(actions.map((a) => [a.idempotency_key, a.action_type, a.amount, a.tokens_distributed])).toEqual([
      [`donation_${partnerDonationId}`, 'DONATION', '25', 25],
    ]);
    expect(await eventTypes(partner.partnerId)).toEqual(['action.completed', 'transaction.completed', 'user.created']);
    expect(await poolBalance(t, partner, poolId)).toBe(975);

    // A later click, e.g. the back button and the form again, changes nothing.
    expect((await complete(path)).statusCode).toBe(303);
    expect(await eventTypes(partner.partnerId)).toEqual(['action.completed', 'transaction.completed', 'user.created']);
    expect(await poolBalance(t, partner, poolId)).toBe(975);

    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.body).toContain('Donation completed');
    expect(page.body).toContain('You earned <strong>25</strong> SIR tokens.');
    expect(page.body).not.toContain('Complete test donation');
  });

  it('shows a failed reward when the partner has no sandbox pool', async () => {
    const poolless = await t.createPartner();
    const { path, partnerDonationId } = await createLink(poolless);
    expect((await complete(path)).statusCode).toBe(303);
    const status = await widgetRequest(
      t,
      poolless.sandbox.publicKey,
      'GET',
      `/v1/partner/donations/status/${partnerDonationId}`,
    );
    expect(status.json()).toMatchObject({
      status: 'COMPLETED',
      reward: { status: 'FAILED', tokens: 0, failure: { code: 'NO_SANDBOX_POOL' } },
    });
    expect((await t.app.inject({ method: 'GET', url: path })).body).toContain('The reward could not be issued');
  });
});
