import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';
import { actionAt, purchaseAt } from '../support/dashboard-fixtures.js';
import { fundPool, purchase } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

async function addEndpoint(db: Kysely<Database>, partner: TestPartner, active: boolean) {
  const id = newId('whk');
  const base = { partner_id: partner.partnerId, environment: 'sandbox' as const };
  await db
    .insertInto('webhook_endpoints')
    .values({
      ...base,
      id,
      url: 'https://example.com/hook',
      event_types: [],
      secret_encrypted: 'sealed',
      is_active: active,
      disabled_at: active ? null : new Date(),
    })
    .execute();
  return id;
}

async function addFailedDelivery(db: Kysely<Database>, partner: TestPartner, endpointId: string) {
  const base = { partner_id: partner.partnerId, environment: 'sandbox' as const };
  const eventId = newId('evt');
  await db
    .insertInto('events')
    .values({ ...base, id: eventId, type: 'action.completed', data: '{}' })
    .execute();
  const delivery = {
    ...base,
    id: newId('dlv'),
    endpoint_id: endpointId,
    event_id: eventId,
    event_type: 'action.completed',
    status: 'FAILED' as const,
    payload: '{}',
    workflow_id: 'wf',
  };
  await db.insertInto('webhook_deliveries').values(delivery).execute();
}

describe('dashboard integration health', () => {
  let t: TestApp;
  let fresh: TestPartner;
  let healthy: TestPartner;
  let troubled: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    [fresh, healthy, troubled] = [await t.createPartner(), await t.createPartner(), await t.createPartner()];
    const { db } = t.database;

    await fundPool(t, healthy, 1000, 'sandbox', 100);
    await addEndpoint(db, healthy, true);
    await purchaseAt(db, { partnerId: healthy.partnerId, environment: 'sandbox' }, 'fine', 10, 'u1');

    const scope = { partnerId: troubled.partnerId, environment: 'sandbox' as const };
    await fundPool(t, troubled, 50, 'sandbox', 100);
    await addFailedDelivery(db, troubled, await addEndpoint(db, troubled, true));
    await addEndpoint(db, troubled, false);
    await purchaseAt(db, scope, 'ok', 10, 'u1');
    for (const key of ['lost_1', 'lost_2'])
      await actionAt(db, scope, purchase(key, 5, 'nobody', { autoCreateUsers: false }));
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await t.app.inject({
      method: 'PATCH',
      url: `/v1/partner/keys/${troubled.sandbox.keyId}`,
      headers: { authorization: `Bearer ${troubled.jwt}` },
      payload: { expiresAt: inAWeek },
    });
  });
  afterAll(async () => t.close());

  const health = async (who: TestPartner['sandbox']) => {
    const response = await t.signed(who, 'GET', '/v1/partner/dashboard/integration-health');
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('names what is missing before a partner has a pool or endpoints', async () => {
    const body = await health(fresh.sandbox);
    expect(body).toMatchObject({
      environment: 'sandbox',
      status: 'error',
      keys: {
        status: 'ok',
        message: '1 active key, none expiring within 14 days',
        activeKeys: 1,
        expiringWithin14Days: 0,
        lastUsedAt: expect.any(String),
      },
      pool: {
        status: 'error',
        message: 'no active sandbox token pool: actions fail with NO_SANDBOX_POOL',
        poolId: null,
        balance: null,
      },
      webhooks: {
        status: 'warning',
        message: 'no webhook endpoint registered: you receive no events',
        activeEndpoints: 0,
        disabledEndpoints: 0,
        failingDeliveries24h: 0,
      },
      recentFailures: {
        status: 'ok',
        message: 'no failed actions in the last 24 h (0 actions)',
        actions24h: 0,
        failedActions24h: 0,
        failureCodes: [],
      },
    });
    expect((await health(fresh.production)).pool.message).toBe(
      'no active production token pool: actions fail with NO_ACTIVE_POOL',
    );
  });

  it('answers ok everywhere for a funded pool, a working endpoint and no failures', async () => {
    const body = await health(healthy.sandbox);
    expect(body.status).toBe('ok');
    expect(body.pool).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(/^pool pool_\w+ holds 990 tokens$/),
      balance: 990,
      lowBalanceThreshold: 100,
    });
    expect(body.webhooks).toMatchObject({
      status: 'ok',
      message: '1 active endpoint, no failing deliveries in the last 24 h',
    });
    expect(body.recentFailures).toMatchObject({ status: 'ok', actions24h: 1, failedActions24h: 0 });
  });

  it('gives a warning or an error, with a one-line reason, for each area in trouble', async () => {
    const body = await health(troubled.sandbox);
    expect(body.status).toBe('error');
    expect(body.keys).toMatchObject({
      status: 'warning',
      message: '1 active key expiring within 14 days: rotate before they expire',
      expiringWithin14Days: 1,
    });
    expect(body.pool).toMatchObject({
      status: 'warning',
      balance: 40,
      message: expect.stringMatching(/holds 40 tokens, below its threshold of 100: request more allocation$/),
    });
    expect(body.webhooks).toEqual({
      status: 'error',
      message: '1 endpoint disabled after repeated failures: their events are not delivered',
      activeEndpoints: 1,
      disabledEndpoints: 1,
      failingDeliveries24h: 1,
    });
    expect(body.recentFailures).toEqual({
      status: 'error',
      message: '2 of 3 actions failed in the last 24 h: USER_NOT_FOUND ×2',
      actions24h: 3,
      failedActions24h: 2,
      failureCodes: [{ code: 'USER_NOT_FOUND', count: 2 }],
    });
  });

  it('sees only the calling partner and environment', async () => {
    const body = await health(troubled.production);
    expect(body).toMatchObject({
      environment: 'production',
      pool: { poolId: null },
      webhooks: { activeEndpoints: 0, disabledEndpoints: 0, failingDeliveries24h: 0 },
      recentFailures: { actions24h: 0 },
    });
  });
});
