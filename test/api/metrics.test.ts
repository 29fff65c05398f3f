import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryStatus } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';
import { daysAgo, purchaseAt } from '../support/dashboard-fixtures.js';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { insertEndpoint, recordTestEvent } from '../support/delivery-fixtures.js';
import { fundPool } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

/** The value of one series in Prometheus' text format, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((candidate) => {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(candidate);
    return match?.[1] === name && wanted.every((pair) => match[2]!.split(',').includes(pair));
  });
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('GET /metrics', () => {
  let t: TestApp;
  let partner: TestPartner;
  let poolId: string;
  let expectedBalance: number;

  const scrape = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  };

  const insertDelivery = async (endpointId: string, status: DeliveryStatus) => {
    const eventId = await recordTestEvent(t.database.db, partner.partnerId);
    const id = newId('dlv');
    await t.database.db
      .insertInto('webhook_deliveries')
      .values({
        id,
        endpoint_id: endpointId,
        event_id: eventId,
        partner_id: partner.partnerId,
        environment: 'sandbox',
        event_type: 'user.created',
        status,
        payload: '{}',
        workflow_id: `delivery/${id}`,
      })
      .execute();
  };

  beforeAll(async () => {
    t = await createTestApp({ deliveryControl: recordingDeliveryControl().control });
    partner = await t.createPartner();
    poolId = (await fundPool(t, partner, 10_000)).id;
    const scope = { partnerId: partner.partnerId, environment: 'sandbox' as const };
    const recent = [
      await purchaseAt(t.database.db, scope, 'metrics_1', 20, 'user_a'),
      await purchaseAt(t.database.db, scope, 'metrics_2', 30, 'user_b'),
    ];
    // Outside the 24-hour window: drawn from the pool, but not counted as recent.
    const old = await purchaseAt(t.database.db, scope, 'metrics_old', 40, 'user_c', daysAgo(2));
    expectedBalance = 10_000 - [...recent, old].reduce((sum, result) => sum + result.tokensDistributed, 0);
    const { id: endpointId } = await insertEndpoint(t.database.db, partner.partnerId, {
      url: 'https://hooks.example.com/m',
    });
    for (const status of ['DELIVERED', 'DELIVERED', 'DELIVERED', 'FAILED'] as const)
      await insertDelivery(endpointId, status);
  });
  afterAll(async () => t.close());

  it('counts requests by route pattern and status, never by raw URL', async () => {
    const found = await t.signed(partner.sandbox, 'GET', '/v1/partner/users/user_a');
    expect(found.statusCode).toBe(200);
    const missing = await t.signed(partner.sandbox, 'GET', '/v1/partner/users/nobody_here');
    expect(missing.statusCode).toBe(404);

    const text = await scrape();
    const route = '/v1/partner/users/:externalId';
    expect(sample(text, 'http_requests_total', { method: 'GET', route, status: '200' })).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route, status: '404' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBe(1);
    expect(text).not.toContain('user_a');
    expect(text).not.toContain('nobody_here');
  });

  it('reports the last day’s actions and deliveries by status and each active pool’s balance', async () => {
    const text = await scrape();
    expect(sample(text, 'sir_actions_recent', { environment: 'sandbox', status: 'COMPLETED' })).toBe(2);
    expect(sample(text, 'sir_webhook_deliveries_recent', { environment: 'sandbox', status: 'DELIVERED' })).toBe(3);
    expect(sample(text, 'sir_webhook_deliveries_recent', { environment: 'sandbox', status: 'FAILED' })).toBe(1);
    expect(sample(text, 'sir_token_pool_balance_tokens', { pool_id: poolId, environment: 'sandbox' })).toBe(
      expectedBalance,
    );
    expect(expectedBalance).toBeLessThan(10_000);
  });

  it('shows no credential of any kind', async () => {
    const text = await scrape();
    for (const secret of [
      partner.sandbox.partnerKey,
      partner.sandbox.hmacSecret,
      partner.production.partnerKey,
      partner.production.hmacSecret,
      partner.jwt,
      partner.password,
    ]) {
      expect(text.includes(secret)).toBe(false);
    }
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const token = 'scrape-token-0123456789';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ metricsToken: token });
  });
  afterAll(async () => t.close());
  const scrape = (authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });

  it('answers only a scrape that sends the token, with the error envelope otherwise', async () => {
    for (const refused of [
      await scrape(),
      await scrape(`Bearer ${token}x`),
      await scrape(token),
      await scrape('Bearer '),
    ]) {
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toMatchObject({
        code: 'UNAUTHORIZED',
        message: 'send the metrics token: Authorization: Bearer …',
      });
      expect(refused.body).not.toContain(token);
    }
    const answered = await scrape(`Bearer ${token}`);
    expect(answered.statusCode).toBe(200);
    expect(answered.body).toContain('http_requests_total');
  });
});
