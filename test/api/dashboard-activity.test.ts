import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionAt, daysAgo, isoDay, joinedAt, purchaseAt, reverseNow } from '../support/dashboard-fixtures.js';
import { fundPool, purchase } from '../support/ledger-fixtures.js';
import type { Credentials } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

const zeroActivity = { actions: 0, completed: 0, failed: 0, tokensDistributed: 0 };

describe('dashboard summary, trends, top earners and recent activity', () => {
  let t: TestApp;
  let acme: TestPartner;
  let other: TestPartner;
  let reversedActionId: string;
  let ghostActionId: string;

  beforeAll(async () => {
    t = await createTestApp();
    [acme, other] = [await t.createPartner(), await t.createPartner()];
    const { db } = t.database;
    const scope = { partnerId: acme.partnerId, environment: 'sandbox' as const };
    await fundPool(t, acme, 10_000);
    await purchaseAt(db, scope, 'alice_earlier', 50, 'alice', daysAgo(2));
    await purchaseAt(db, scope, 'carol_once', 5, 'carol', daysAgo(10));
    await purchaseAt(db, scope, 'dave_long_ago', 100, 'dave', daysAgo(40));
    await purchaseAt(db, scope, 'alice_today', 30, 'alice');
    await purchaseAt(db, scope, 'bob_today', 20, 'bob');
    ghostActionId = (await actionAt(db, scope, purchase('ghost', 10, 'ghost', { autoCreateUsers: false }))).actionId;
    for (const [user, days] of [
      ['alice', 2],
      ['carol', 10],
      ['dave', 40],
    ] as const)
      await joinedAt(db, scope, user, daysAgo(days));
    reversedActionId = (
      await db
        .selectFrom('actions')
        .select('id')
        .where('idempotency_key', '=', 'alice_earlier')
        .executeTakeFirstOrThrow()
    ).id;
    await reverseNow(db, scope, reversedActionId, 50);
  });
  afterAll(async () => t.close());

  const get = (path: string, who: Credentials = acme.sandbox) => t.signed(who, 'GET', path);

  it('summarizes pools, 30-day and today activity, and users', async () => {
    const response = await get('/v1/partner/dashboard/summary');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      environment: 'sandbox',
      pools: { count: 1, active: 1, totalBalance: 10_000 - 205 + 25, lowBalance: 0, lowBalancePoolIds: [] },
      activity: {
        last30Days: { actions: 5, completed: 4, failed: 1, tokensDistributed: 105 },
        today: { actions: 3, completed: 2, failed: 1, tokensDistributed: 50 },
      },
      users: { total: 4, newLast30Days: 3 },
    });
  });

  it('gives one row per day, oldest first, with zeros on days without activity', async () => {
    const response = await get('/v1/partner/dashboard/trends?days=3');
    expect(response.json()).toEqual({
      days: 3,
      from: isoDay(daysAgo(2)),
      to: isoDay(new Date()),
      data: [
        { date: isoDay(daysAgo(2)), actions: 1, completed: 1, failed: 0, tokensDistributed: 50, newUsers: 1 },
        { date: isoDay(daysAgo(1)), ...zeroActivity, newUsers: 0 },
        { date: isoDay(new Date()), actions: 3, completed: 2, failed: 1, tokensDistributed: 50, newUsers: 1 },
      ],
    });
  });

  it('defaults to 30 days whose totals are the summary figures', async () => {
    const { data } = (await get('/v1/partner/dashboard/trends')).json();
    expect(data).toHaveLength(30);
    expect(data.filter((day: { actions: number }) => day.actions === 0)).toHaveLength(27);
    const sum = (field: string) => data.reduce((total: number, day: Record<string, number>) => total + day[field]!, 0);
    expect({ actions: sum('actions'), tokens: sum('tokensDistributed'), newUsers: sum('newUsers') }).toEqual({
      actions: 5,
      tokens: 105,
      newUsers: 3,
    });
  });

  it('refuses windows outside 1 to 365 days and unknown parameters', async () => {
    for (const path of [
      '/v1/partner/dashboard/trends?days=0',
      '/v1/partner/dashboard/trends?days=366',
      '/v1/partner/dashboard/top-earners?limit=101',
      '/v1/partner/dashboard/trends?x=1',
    ]) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('ranks users by tokens earned in the window, with reversals and current balance', async () => {
    expect((await get('/v1/partner/dashboard/top-earners')).json().data).toEqual([
      { partnerUserId: 'alice', tokensEarned: 80, tokensReversed: 25, balance: 55 },
      { partnerUserId: 'bob', tokensEarned: 20, tokensReversed: 0, balance: 20 },
      { partnerUserId: 'carol', tokensEarned: 5, tokensReversed: 0, balance: 5 },
    ]);
    expect((await get('/v1/partner/dashboard/top-earners?days=365&limit=2')).json().data).toEqual([
      { partnerUserId: 'dave', tokensEarned: 100, tokensReversed: 0, balance: 100 },
      { partnerUserId: 'alice', tokensEarned: 80, tokensReversed: 25, balance: 55 },
    ]);
    const today = (await get('/v1/partner/dashboard/top-earners?days=1')).json();
    expect(
      today.data.map((row: { partnerUserId: string; tokensEarned: number }) => [row.partnerUserId, row.tokensEarned]),
    ).toEqual([
      ['alice', 30],
      ['bob', 20],
    ]);
  });

  it('lists the latest actions and reversals, newest first', async () => {
    const { data } = (await get('/v1/partner/dashboard/recent-activity?limit=3')).json();
    expect(data).toEqual([
      {
        type: 'reversal',
        id: expect.stringMatching(/^rev_/),
        actionId: reversedActionId,
        actionType: 'PURCHASE',
        status: 'COMPLETED',
        tokens: 25,
        failureCode: null,
        createdAt: expect.any(String),
      },
      {
        type: 'action',
        id: ghostActionId,
        actionId: ghostActionId,
        actionType: 'PURCHASE',
        status: 'FAILED',
        tokens: 0,
        failureCode: 'USER_NOT_FOUND',
        createdAt: expect.any(String),
      },
      expect.objectContaining({ type: 'action', status: 'COMPLETED', tokens: 20 }),
    ]);
    const all = (await get('/v1/partner/dashboard/recent-activity')).json().data;
    expect(all).toHaveLength(7);
    expect(all.map((row: { createdAt: string }) => row.createdAt)).toEqual(
      all
        .map((row: { createdAt: string }) => row.createdAt)
        .sort()
        .reverse(),
    );
  });

  it('accepts a signed publishable key on these read routes', async () => {
    const publishable = { partnerKey: acme.sandbox.publicKey, hmacSecret: acme.sandbox.hmacSecret };
    const [withPk, withSk] = [
      await get('/v1/partner/dashboard/summary', publishable),
      await get('/v1/partner/dashboard/summary'),
    ];
    expect(withPk.statusCode).toBe(200);
    expect(withPk.json()).toEqual(withSk.json());
  });

  it('shows another partner, and the same partner in production, nothing of this data', async () => {
    for (const who of [other.sandbox, acme.production]) {
      const summary = (await get('/v1/partner/dashboard/summary', who)).json();
      expect(summary.pools).toEqual({ count: 0, active: 0, totalBalance: 0, lowBalance: 0, lowBalancePoolIds: [] });
      expect(summary.activity).toEqual({ last30Days: zeroActivity, today: zeroActivity });
      expect(summary.users).toEqual({ total: 0, newLast30Days: 0 });
      const trend = (await get('/v1/partner/dashboard/trends?days=365', who)).json().data;
      expect(trend.every((day: { actions: number; newUsers: number }) => day.actions === 0 && day.newUsers === 0)).toBe(
        true,
      );
      expect((await get('/v1/partner/dashboard/top-earners?days=365', who)).json().data).toEqual([]);
      expect((await get('/v1/partner/dashboard/recent-activity', who)).json().data).toEqual([]);
    }
  });

  it('refuses unsigned requests', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/dashboard/summary',
      headers: { 'x-partner-key': acme.sandbox.partnerKey },
    });
    expect(response.statusCode).toBe(401);
  });
});
