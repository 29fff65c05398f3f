import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

const limitOf = (t: TestApp, partner: TestPartner, perMinute: number) =>
  t.database.db
    .updateTable('partners')
    .set({ rate_limit_per_minute: perMinute })
    .where('id', '=', partner.partnerId)
    .execute();

describe('rate limits per partner key, from the partner record', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
    await limitOf(t, partner, 3);
  });
  afterAll(async () => t.close());

  it('answers the 4th request of the minute with 429, Retry-After, rate-limit headers and the error envelope', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await t.signed(partner.sandbox, 'GET', '/v1/partner/users'));
    expect(answers.slice(0, 3).map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(answers.slice(0, 3).map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0']);

    const refused = answers[3]!;
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Rate limit exceeded, retry in \d+ (second|minute)/),
      },
    });
    expect(refused.headers['x-ratelimit-limit']).toBe('3');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['x-ratelimit-reset']).toBe(String(retryAfter));
    expect(refused.headers['request-id']).toMatch(/^req_/);
  });

  it('counts malformed requests too: the check runs after authentication, before validation', async () => {
    const response = await t.signed(partner.sandbox, 'GET', '/v1/partner/users?limit=oops');
    expect(response.json().error.code).toBe('RATE_LIMITED');
  });

  it('shares one budget between a secret key and its publishable twin (one key record)', async () => {
    const publishable = { partnerKey: partner.sandbox.publicKey, hmacSecret: partner.sandbox.hmacSecret };
    expect((await t.signed(publishable, 'GET', '/v1/partner/users')).statusCode).toBe(429);
  });

  it('gives every other key of the same partner its own budget', async () => {
    expect((await t.signed(partner.production, 'GET', '/v1/partner/users')).statusCode).toBe(200);
    const second = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: { authorization: `Bearer ${partner.jwt}` },
      payload: { name: 'second sandbox key', environment: 'sandbox', keyType: 'secret' },
    });
    const credentials = { partnerKey: second.json().secretKey, hmacSecret: second.json().hmacSecret };
    const response = await t.signed(credentials, 'GET', '/v1/partner/users');
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-ratelimit-limit']).toBe('3');
    expect(response.headers['x-ratelimit-remaining']).toBe('2');
  });

  it('counts 429s in api-usage, for the key that was refused', async () => {
    const other = await t.createPartner();
    await limitOf(t, other, 2);
    for (let i = 0; i < 3; i++) await t.signed(other.sandbox, 'GET', '/v1/partner/users');
    await t.app.apiUsage.flush();
    await limitOf(t, other, 600);

    const usage = (await t.signed(other.sandbox, 'GET', '/v1/partner/dashboard/api-usage?days=1')).json();
    const figures = { requests: 3, errors: 1, serverErrors: 0, rateLimited: 1, errorRate: 0.3333 };
    expect(usage.totals).toMatchObject(figures);
    expect(usage.routes).toEqual([expect.objectContaining({ method: 'GET', route: '/v1/partner/users', ...figures })]);
    expect(usage.keys).toEqual([expect.objectContaining({ keyId: other.sandbox.keyId, ...figures })]);
  });
});

describe('rate limits per client IP where no partner key authenticates', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ipRateLimitPerMinute: 2 });
  });
  afterAll(async () => t.close());

  it('refuses the 3rd portal login of the minute from one IP with RATE_LIMITED', async () => {
    const login = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/partner/auth/login',
        payload: { email: 'nobody@example.com', password: 'wrong-password' },
      });
    expect((await login()).statusCode).toBe(401);
    expect((await login()).statusCode).toBe(401);
    const refused = await login();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('never limits health probes or the docs', async () => {
    for (const url of [
      '/healthz',
      '/healthz',
      '/healthz',
      '/partner-api/json',
      '/partner-api/json',
      '/partner-api/json',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
