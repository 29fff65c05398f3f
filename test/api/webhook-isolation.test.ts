import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../support/sign.js';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { insertDelivery, registerWebhook } from '../support/webhook-fixtures.js';

describe('webhook partner and environment isolation', () => {
  let t: TestApp;
  let alice: TestPartner;
  let bob: TestPartner;
  let webhookId: string;
  const engine = recordingDeliveryControl();

  beforeAll(async () => {
    t = await createTestApp({ deliveryControl: engine.control });
    [alice, bob] = [await t.createPartner('Alice Co'), await t.createPartner('Bob Co')];
    webhookId = (await registerWebhook(t, alice.sandbox)).id;
    await insertDelivery(t, { partnerId: alice.partnerId, environment: 'sandbox' }, webhookId, {
      status: 'FAILED',
      attempts: [{ succeeded: false, responseStatus: 500, durationMs: 40, error: 'HTTP 500' }],
    });
  });
  afterAll(async () => t.close());

  const endpointRow = () =>
    t.database.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', webhookId).executeTakeFirstOrThrow();
  // Bob with his own keys, and Alice with her production keys: neither may see or touch the sandbox endpoint.
  const outsiders = (): Array<[string, Credentials]> => [
    ['another partner', bob.sandbox],
    ['the other environment', alice.production],
  ];

  const byId = [
    ['GET', '', undefined],
    ['PATCH', '', { isActive: false, url: 'https://evil.example.com/' }],
    ['DELETE', '', undefined],
    ['POST', '/rotate-secret', { secret: `whsec_${'ee'.repeat(32)}` }],
    ['GET', '/deliveries', undefined],
  ] as const;

  for (const [method, suffix, body] of byId) {
    it(`${method} /v1/partner/webhooks/:id${suffix} is 404 from outside and changes nothing`, async () => {
      const before = await endpointRow();
      for (const [who, credentials] of outsiders()) {
        const response = await t.signed(credentials, method, `/v1/partner/webhooks/${webhookId}${suffix}`, body);
        expect([response.statusCode, response.json().error.code], who).toEqual([404, 'NOT_FOUND']);
      }
      expect(await endpointRow()).toEqual(before);
      expect(engine.calls.cancelledWorkflows).toEqual([]);
    });
  }

  it('GET /v1/partner/webhooks lists nothing from outside', async () => {
    for (const [who, credentials] of outsiders()) {
      expect((await t.signed(credentials, 'GET', '/v1/partner/webhooks')).json().data, who).toEqual([]);
    }
    expect(
      (await t.signed(alice.sandbox, 'GET', '/v1/partner/webhooks')).json().data.map((e: { id: string }) => e.id),
    ).toEqual([webhookId]);
  });

  it('GET /v1/partner/dashboard/webhooks/health counts nothing from outside', async () => {
    for (const [who, credentials] of outsiders()) {
      const body = (await t.signed(credentials, 'GET', '/v1/partner/dashboard/webhooks/health')).json();
      expect([body.endpoints, body.overall.attempts, body.overall.recentFailures], who).toEqual([[], 0, []]);
    }
    expect(
      (await t.signed(alice.sandbox, 'GET', '/v1/partner/dashboard/webhooks/health')).json().overall.attempts,
    ).toBe(1);
  });

  it('an endpoint registered with a production key lives in production only', async () => {
    const live = await registerWebhook(t, alice.production, { url: 'https://live.example.com/hook' });
    expect(live.environment).toBe('production');
    expect((await t.signed(alice.sandbox, 'GET', `/v1/partner/webhooks/${live.id}`)).statusCode).toBe(404);
    const ping = await t.database.db
      .selectFrom('events')
      .select('environment')
      .where('target_endpoint_id', '=', live.id)
      .executeTakeFirstOrThrow();
    expect(ping.environment).toBe('production');
  });
});
