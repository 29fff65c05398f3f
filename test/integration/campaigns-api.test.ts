import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, campaignWithStatus, createCampaign } from '../support/campaign-fixtures.js';
import { expectLedgerInvariants, fundPool, purchase, settledOutcome } from '../support/ledger-fixtures.js';
import { poolBalance, reversal, reverse } from '../support/reversal-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestApp, TestPartner } from '../support/test-app.js';

describe('campaigns over the real Temporal dev server and PostgreSQL', () => {
  let harness: TemporalApp;
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ t } = harness);
    partner = await t.createPartner();
    await fundPool(t, partner, 100_000);
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  const get = (path: string, who = partner.sandbox) => t.signed(who, 'GET', path);
  const patch = (id: string, body: unknown, who = partner.sandbox) =>
    t.signed(who, 'PATCH', `/v1/partner/campaigns/${id}`, body);
  const submit = (body: unknown, who = partner.sandbox) => t.signed(who, 'POST', '/v1/partner/actions/submit', body);
  const outcome = (response: { json(): { status?: string; error?: { code: string } } }) =>
    response.json().status ?? response.json().error?.code;
  const eventsOf = async (partnerId: string, type: string, campaignId: string) =>
    (
      await t.database.db
        .selectFrom('events')
        .select('data')
        .where('partner_id', '=', partnerId)
        .where('type', '=', type)
        .execute()
    ).filter((e) => (e.data.campaign as { id: string }).id === campaignId);

  it('creates a DRAFT campaign that waits for startsAt, and shows it in the list and by id', async () => {
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const response = await t.signed(
      partner.sandbox,
      'POST',
      '/v1/partner/campaigns',
      campaignBody({ startsAt, tokenBudget: 500 }),
    );
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toEqual({
      id: expect.stringMatching(/^cmp_/),
      name: 'Spring drive',
      description: 'Ten tokens per purchase',
      status: 'DRAFT',
      environment: 'sandbox',
      startsAt,
      endsAt: null,
      tokenBudget: 500,
      tokensDistributed: 0,
      tokensRemaining: 500,
      budgetUsedPercent: 0,
      rewardRules: {
        default: { fixedTokens: 10, tokensPerCurrencyUnit: 0 },
        actionTypes: {},
        stakeholderWeights: {},
        defaultWeight: 1,
      },
      activatedAt: null,
      pausedAt: null,
      completedAt: null,
      completionReason: null,
      budgetReachedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await get(`/v1/partner/campaigns/${created.id}`)).json()).toEqual(created);
    const drafts = (await get('/v1/partner/campaigns?status=DRAFT')).json();
    expect(drafts.data.map((c: { id: string }) => c.id)).toContain(created.id);
    expect(
      (await get('/v1/partner/campaigns?status=ACTIVE')).json().data.map((c: { id: string }) => c.id),
    ).not.toContain(created.id);

    expect((await submit(purchase('draft_action', 10, 'u1', { campaignId: created.id }))).json().error.code).toBe(
      'CAMPAIGN_NOT_ACTIVE',
    );
    const paused = await patch(created.id, { status: 'PAUSED' });
    expect(paused.statusCode).toBe(409);
    expect(paused.json().error).toEqual({
      code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED',
      message: expect.stringMatching(/DRAFT campaign cannot become PAUSED/),
    });
  });

  it('answers 404 for /active while none is active, then the one that started last', async () => {
    const other = await t.createPartner();
    expect((await get('/v1/partner/campaigns/active', other.sandbox)).json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'active campaign not found' },
    });
    const older = await createCampaign(
      t,
      other.sandbox,
      campaignBody({ startsAt: new Date(Date.now() - 3_600_000).toISOString() }),
    );
    const newer = await createCampaign(
      t,
      other.sandbox,
      campaignBody({ startsAt: new Date(Date.now() - 60_000).toISOString() }),
    );
    await campaignWithStatus(t, other.sandbox, older.id, 'ACTIVE');
    await campaignWithStatus(t, other.sandbox, newer.id, 'ACTIVE');
    expect((await get('/v1/partner/campaigns/active', other.sandbox)).json().id).toBe(newer.id);
    expect(
      (await get('/v1/partner/campaigns?status=ACTIVE', other.sandbox)).json().data.map((c: { id: string }) => c.id),
    ).toEqual([newer.id, older.id]);
    const first = (await get('/v1/partner/campaigns?limit=1', other.sandbox)).json();
    expect(first).toMatchObject({ data: [{ id: newer.id }], pagination: { limit: 1, hasMore: true } });
    const second = (
      await get(`/v1/partner/campaigns?limit=1&cursor=${first.pagination.nextCursor}`, other.sandbox)
    ).json();
    expect(second).toMatchObject({ data: [{ id: older.id }], pagination: { hasMore: false, nextCursor: null } });
  });

  it('refuses bad bodies with 400 and writes nothing', async () => {
    const before = (await get('/v1/partner/campaigns?limit=100')).json().data.length;
    const bad = [
      campaignBody({ endsAt: new Date(Date.now() - 120_000).toISOString() }),
      campaignBody({ tokenBudget: 0 }),
      campaignBody({ rewardRules: { default: { fixedTokens: -1 } } }),
      campaignBody({ status: 'ACTIVE' }),
      campaignBody({ startsAt: 'tomorrow' }),
    ];
    for (const body of bad)
      expect((await t.signed(partner.sandbox, 'POST', '/v1/partner/campaigns', body)).json().error.code).toBe(
        'VALIDATION_ERROR',
      );
    expect((await get('/v1/partner/campaigns?limit=100')).json().data.length).toBe(before);
  });

  it('rewards by the campaign rules while ACTIVE, refuses with CAMPAIGN_NOT_ACTIVE while PAUSED and once COMPLETED', async () => {
    const { id } = await createCampaign(t, partner.sandbox, campaignBody({}, 7));
    await campaignWithStatus(t, partner.sandbox, id, 'ACTIVE');
    const rewarded = await submit(purchase('cmp_rules', 49.99, 'u1', { campaignId: id }));
    expect(rewarded.json()).toMatchObject({ status: 'COMPLETED', tokensDistributed: 7 });

    expect((await patch(id, { status: 'PAUSED' })).json()).toMatchObject({
      status: 'PAUSED',
      pausedAt: expect.any(String),
    });
    expect((await submit(purchase('cmp_paused', 10, 'u1', { campaignId: id }))).json().error).toMatchObject({
      code: 'CAMPAIGN_NOT_ACTIVE',
      details: { status: 'FAILED' },
    });
    expect((await patch(id, { status: 'ACTIVE' })).json()).toMatchObject({ status: 'ACTIVE', pausedAt: null });
    expect(outcome(await submit(purchase('cmp_resumed', 10, 'u1', { campaignId: id })))).toBe('COMPLETED');

    expect((await patch(id, { tokenBudget: 10 })).json().error.code).toBe('INVALID_CAMPAIGN_CHANGE');
    expect((await patch(id, {})).json().error.code).toBe('VALIDATION_ERROR');
    expect((await patch(id, { status: 'COMPLETED', name: 'Spring drive (ended)' })).json()).toMatchObject({
      status: 'COMPLETED',
      completionReason: 'PARTNER',
      name: 'Spring drive (ended)',
    });
    expect(outcome(await submit(purchase('cmp_done', 10, 'u1', { campaignId: id })))).toBe('CAMPAIGN_NOT_ACTIVE');
    expect((await patch(id, { status: 'ACTIVE' })).statusCode).toBe(409);
    expect((await patch(id, { description: null })).json()).toMatchObject({ status: 'COMPLETED', description: null });

    expect((await eventsOf(partner.partnerId, 'campaign.activated', id)).map((e) => e.data.previousStatus)).toEqual([
      'DRAFT',
      'PAUSED',
    ]);
    expect(await eventsOf(partner.partnerId, 'campaign.paused', id)).toHaveLength(1);
    expect((await eventsOf(partner.partnerId, 'campaign.completed', id)).map((e) => e.data.previousStatus)).toEqual([
      'ACTIVE',
    ]);
    expect(outcome(await submit(purchase('cmp_unknown', 10, 'u1', { campaignId: 'cmp_unknown' })))).toBe(
      'CAMPAIGN_NOT_ACTIVE',
    );
  });

  it('never spends past the budget under 30 concurrent actions: exactly 10 complete, budget_reached once, campaign completed', async () => {
    const { id } = await createCampaign(t, partner.sandbox, campaignBody({ tokenBudget: 100 }));
    await campaignWithStatus(t, partner.sandbox, id, 'ACTIVE');
    const poolId = (await get('/v1/partner/token-pools')).json().data[0].id;
    const poolBefore = await poolBalance(t, partner, poolId);

    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        submit(purchase(`budget_${i}`, 25, `budget_user_${i % 4}`, { campaignId: id })),
      ),
    );
    const outcomes = await Promise.all(responses.map((response) => settledOutcome(t, partner.sandbox, response)));
    expect(outcomes.filter((o) => o === 'COMPLETED')).toHaveLength(10);
    // Refused by the budget, or by the campaign the budget completed in the meantime.
    expect(outcomes.filter((o) => o === 'CAMPAIGN_BUDGET_EXHAUSTED' || o === 'CAMPAIGN_NOT_ACTIVE')).toHaveLength(20);

    const campaign = await campaignWithStatus(t, partner.sandbox, id, 'COMPLETED');
    expect(campaign).toMatchObject({
      tokensDistributed: 100,
      tokensRemaining: 0,
      budgetUsedPercent: 100,
      completionReason: 'BUDGET_REACHED',
      budgetReachedAt: expect.any(String),
    });
    expect(await poolBalance(t, partner, poolId)).toBe(poolBefore - 100);
    expect(await eventsOf(partner.partnerId, 'campaign.budget_reached', id)).toHaveLength(1);
    expect(await eventsOf(partner.partnerId, 'campaign.completed', id)).toHaveLength(1);
    const analytics = (await get(`/v1/partner/campaigns/${id}/analytics`)).json();
    const rewardedUsers = new Set(outcomes.flatMap((o, i) => (o === 'COMPLETED' ? [i % 4] : []))).size;
    expect(analytics).toMatchObject({
      totalActions: 30,
      completedActions: 10,
      failedActions: 20,
      tokensDistributed: 100,
      budgetUsedPercent: 100,
      uniqueUsers: rewardedUsers,
    });
  });

  it('refuses an action the budget left cannot cover, keeps the campaign running, and lets it through once raised', async () => {
    const { id } = await createCampaign(t, partner.sandbox, campaignBody({ tokenBudget: 15 }));
    await campaignWithStatus(t, partner.sandbox, id, 'ACTIVE');
    expect(outcome(await submit(purchase('partial_1', 5, 'u1', { campaignId: id })))).toBe('COMPLETED');
    const refused = await submit(purchase('partial_2', 5, 'u1', { campaignId: id }));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'CAMPAIGN_BUDGET_EXHAUSTED',
      message: expect.stringMatching(/5 of its 15 budget tokens left; this action needs 10/),
    });
    expect((await patch(id, { tokenBudget: 20 })).json()).toMatchObject({ status: 'ACTIVE', tokensRemaining: 10 });
    expect(outcome(await submit(purchase('partial_3', 5, 'u1', { campaignId: id })))).toBe('COMPLETED');
    expect(await campaignWithStatus(t, partner.sandbox, id, 'COMPLETED')).toMatchObject({
      budgetUsedPercent: 100,
      completionReason: 'BUDGET_REACHED',
    });
  });

  it('reports exact analytics, the same on the dashboard route', async () => {
    const { id } = await createCampaign(t, partner.sandbox, campaignBody({ tokenBudget: 400 }));
    await campaignWithStatus(t, partner.sandbox, id, 'ACTIVE');
    const done = [];
    for (const [key, user] of [
      ['a1', 'ana'],
      ['a2', 'ana'],
      ['a3', 'bo'],
    ]) {
      done.push((await submit(purchase(`analytics_${key}`, 5, user, { campaignId: id }))).json());
    }
    await patch(id, { status: 'PAUSED' });
    const failed = (await submit(purchase('analytics_paused', 5, 'cy', { campaignId: id }))).json().error.details;
    await patch(id, { status: 'ACTIVE' });
    expect(
      (await reverse(t, partner.sandbox, done[0].actionId, reversal('analytics_refund', 50))).json(),
    ).toMatchObject({ status: 'COMPLETED' });

    const days = await Promise.all(
      [...done, failed].map(async (a) =>
        (await get(`/v1/partner/actions/${a.actionId}`)).json().createdAt.slice(0, 10),
      ),
    );
    const byDay = new Map<
      string,
      { actions: number; completed: number; failed: number; tokensDistributed: number; tokensReversed: number }
    >();
    days.forEach((day, index) => {
      const figures = byDay.get(day) ?? {
        actions: 0,
        completed: 0,
        failed: 0,
        tokensDistributed: 0,
        tokensReversed: 0,
      };
      figures.actions += 1;
      if (index < 3) figures.completed += 1;
      else figures.failed += 1;
      figures.tokensDistributed += index < 3 ? 10 : 0;
      figures.tokensReversed += index === 0 ? 5 : 0;
      byDay.set(day, figures);
    });

    const analytics = await get(`/v1/partner/campaigns/${id}/analytics`);
    expect(analytics.json()).toEqual({
      campaignId: id,
      status: 'ACTIVE',
      totalActions: 4,
      completedActions: 3,
      failedActions: 1,
      processingActions: 0,
      tokenBudget: 400,
      tokensDistributed: 30,
      tokensRemaining: 370,
      tokensReversed: 5,
      budgetUsedPercent: 7.5,
      uniqueUsers: 2,
      daily: [...byDay.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([date, figures]) => ({ date, ...figures })),
    });
    expect((await get(`/v1/partner/dashboard/campaigns/${id}/analytics`)).json()).toEqual(analytics.json());
  });

  it('keeps campaigns to their partner and environment', async () => {
    const { id } = await createCampaign(t, partner.sandbox, campaignBody());
    await campaignWithStatus(t, partner.sandbox, id, 'ACTIVE');
    const other = await t.createPartner();
    await fundPool(t, other, 1000);
    for (const who of [other.sandbox, partner.production]) {
      expect((await get(`/v1/partner/campaigns/${id}`, who)).statusCode).toBe(404);
      expect((await get(`/v1/partner/campaigns/${id}/analytics`, who)).statusCode).toBe(404);
      expect((await get(`/v1/partner/dashboard/campaigns/${id}/analytics`, who)).statusCode).toBe(404);
      expect((await patch(id, { status: 'PAUSED' }, who)).statusCode).toBe(404);
      expect((await get('/v1/partner/campaigns', who)).json().data.map((c: { id: string }) => c.id)).not.toContain(id);
    }
    expect(outcome(await submit(purchase('foreign_campaign', 10, 'u9', { campaignId: id }), other.sandbox))).toBe(
      'CAMPAIGN_NOT_ACTIVE',
    );
    expect((await get(`/v1/partner/campaigns/${id}`)).json()).toMatchObject({ status: 'ACTIVE', tokensDistributed: 0 });
  });
});
