import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minuteOf } from '../../src/usage/usage-buckets.js';
import { addUsageMinutes } from '../../src/usage/usage-repository.js';
import { daysAgo, isoDay } from '../support/dashboard-fixtures.js';
import { signedHeaders } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('API usage: every request counted, flushed in batches, reported by day, route and key', () => {
  let t: TestApp;
  let partner: TestPartner;
  let other: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    [partner, other] = [await t.createPartner(), await t.createPartner()];
    for (const path of [
      '/v1/partner/users',
      '/v1/partner/users',
      '/v1/partner/users/nobody',
      '/v1/partner/actions/act_missing',
    ]) {
      await t.signed(partner.sandbox, 'GET', path);
    }
    const forged = signedHeaders({ ...partner.sandbox, hmacSecret: 'f'.repeat(64) }, 'GET', '/v1/partner/users');
    expect((await t.app.inject({ method: 'GET', url: '/v1/partner/users', headers: forged })).statusCode).toBe(401);
    await t.app.apiUsage.flush();
    // Three days ago, as another replica would have written it.
    await addUsageMinutes(t.database.db, [
      {
        partnerId: partner.partnerId,
        environment: 'sandbox',
        keyId: partner.sandbox.keyId,
        method: 'GET',
        route: '/v1/partner/token-pools',
        status: 500,
        minute: minuteOf(daysAgo(3)),
        requestCount: 4,
        totalMs: 40,
        maxMs: 20,
      },
    ]);
  });
  afterAll(async () => t.close());

  const usage = async (query: string, who = partner.sandbox) =>
    (await t.signed(who, 'GET', `/v1/partner/dashboard/api-usage${query}`)).json();

  it('reports requests, errors and latency per day, zeros on quiet days, by route pattern and by key', async () => {
    const body = await usage('?days=7');
    expect(body.daily).toHaveLength(7);
    expect(body.daily.map((day: { date: string; requests: number }) => [day.date, day.requests])).toEqual(
      [6, 5, 4, 3, 2, 1, 0].map((days) => [isoDay(days === 0 ? new Date() : daysAgo(days)), { 3: 4, 0: 4 }[days] ?? 0]),
    );
    expect(body.daily[3]).toEqual({
      date: isoDay(daysAgo(3)),
      requests: 4,
      errors: 4,
      serverErrors: 4,
      rateLimited: 0,
      errorRate: 1,
      averageMs: 10,
      maxMs: 20,
    });
    expect(body.daily[6]).toMatchObject({ requests: 4, errors: 2, serverErrors: 0, errorRate: 0.5 });
    expect(body.totals).toMatchObject({ requests: 8, errors: 6, serverErrors: 4, rateLimited: 0, errorRate: 0.75 });
    expect(
      body.routes.map((r: { method: string; route: string; requests: number; errors: number }) => [
        r.method,
        r.route,
        r.requests,
        r.errors,
      ]),
    ).toEqual([
      ['GET', '/v1/partner/token-pools', 4, 4],
      ['GET', '/v1/partner/users', 2, 0],
      ['GET', '/v1/partner/actions/:id', 1, 1],
      ['GET', '/v1/partner/users/:externalId', 1, 1],
    ]);
    expect(body.keys).toEqual([
      expect.objectContaining({
        keyId: partner.sandbox.keyId,
        name: 'sandbox key',
        publicKey: partner.sandbox.publicKey,
        requests: 8,
      }),
    ]);
  });

  it('adds each flush to the stored minutes, the report request itself included', async () => {
    await t.app.apiUsage.flush();
    const before = (await usage('?days=1')).totals.requests;
    await t.app.apiUsage.flush();
    const after = (await usage('?days=1')).totals.requests;
    expect([before, after]).toEqual([5, 6]);
  });

  it('sums counts, durations and maxima of the same minute written twice', async () => {
    const bucket = {
      partnerId: other.partnerId,
      environment: 'production' as const,
      keyId: 'key_x',
      method: 'POST',
      route: '/v1/partner/users',
      status: 201,
      minute: minuteOf(new Date()),
    };
    await addUsageMinutes(t.database.db, [{ ...bucket, requestCount: 2, totalMs: 30, maxMs: 20 }]);
    await addUsageMinutes(t.database.db, [{ ...bucket, requestCount: 1, totalMs: 50, maxMs: 50 }]);
    const row = await t.database.db
      .selectFrom('api_usage_minutes')
      .select(['request_count', 'total_ms', 'max_ms'])
      .where('key_id', '=', 'key_x')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ request_count: 3, total_ms: 80, max_ms: 50 });
  });

  it('shows another partner and the other environment nothing, over the default 30 days', async () => {
    for (const who of [other.sandbox, partner.production]) {
      const body = await usage('', who);
      expect(body.daily).toHaveLength(30);
      expect(body).toMatchObject({
        days: 30,
        totals: { requests: 0, errorRate: 0, averageMs: 0 },
        routes: [],
        keys: [],
      });
    }
  });
});

describe('API usage on close', () => {
  it('flushes what is still in memory when the app closes', async () => {
    const t = await createTestApp();
    const partner = await t.createPartner();
    await t.signed(partner.sandbox, 'GET', '/v1/partner/users');
    await t.app.close();
    const rows = await t.database.db
      .selectFrom('api_usage_minutes')
      .select(['route', 'status', 'request_count'])
      .execute();
    expect(rows).toEqual([{ route: '/v1/partner/users', status: 200, request_count: 1 }]);
    await t.database.drop();
  });
});
