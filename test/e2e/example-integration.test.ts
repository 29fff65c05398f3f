import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPartnerBackend,
  webhookPath,
  type PartnerBackend,
} from '../../examples/partner-backend/src/partner-backend.js';
import { SirPartnerClient, type ActionResult } from '../../packages/sir-partner-client/src/index.js';
import { expectLedgerInvariants, fundPool } from '../support/ledger-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';

describe('the example partner backend against the API on the real Temporal dev server', () => {
  let harness: TemporalApp;
  let backend: PartnerBackend;
  let sir: SirPartnerClient;

  beforeAll(async () => {
    harness = await startTemporalApp();
    const partner = await harness.t.createPartner();
    await fundPool(harness.t, partner, 1000);
    const baseUrl = await harness.t.app.listen({ host: '127.0.0.1', port: 0 });
    const credentials = { baseUrl, secretKey: partner.sandbox.partnerKey, hmacSecret: partner.sandbox.hmacSecret };
    sir = new SirPartnerClient(credentials);
    backend = await startPartnerBackend({ sir: credentials, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await backend?.close();
    await expectLedgerInvariants(harness.t);
    await harness.close();
  });

  const purchase = (body: unknown) =>
    fetch(`${backend.url}/purchase`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('registers its webhook, and verifies the ping the API sends on registration', async () => {
    expect(await sir.webhooks.get(backend.webhookId)).toMatchObject({
      url: `${backend.url}${webhookPath}`,
      isActive: true,
      eventTypes: ['action.completed', 'action.failed'],
    });
    const ping = await backend.inbox.waitFor((event) => event.type === 'partner.status_changed', 20_000);
    expect(ping.data).toMatchObject({ type: 'ping', webhookId: backend.webhookId });
  });

  it('rewards a purchase and receives the verified action.completed for that action', async () => {
    const response = await purchase({ orderId: '1001', userId: 'shopper_1', amount: 25, currency: 'USD' });
    expect(response.status).toBe(200);
    const action = (await response.json()) as ActionResult;
    expect(action).toMatchObject({ idempotencyKey: 'order_1001', status: 'COMPLETED', tokensDistributed: 25 });

    const event = await backend.inbox.waitFor(
      (received) => received.type === 'action.completed' && received.data.actionId === action.actionId,
      20_000,
    );
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: 'action.completed',
      createdAt: expect.any(String),
      data: expect.objectContaining({ actionId: action.actionId, tokensDistributed: 25 }),
    });

    // The same order reported again is the same action: nothing more to deliver or reward.
    expect(
      await (await purchase({ orderId: '1001', userId: 'shopper_1', amount: 25, currency: 'USD' })).json(),
    ).toEqual(action);
    expect(await sir.users.balance('shopper_1')).toMatchObject({ balance: 25 });
  });

  it('refuses a delivery that was not signed with its secret, and records nothing of it', async () => {
    const forged = JSON.stringify({
      id: 'evt_forged',
      type: 'action.completed',
      createdAt: new Date().toISOString(),
      data: {},
    });
    const response = await fetch(`${backend.url}${webhookPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sir-signature': `sha256=${'0'.repeat(64)}`,
        'x-sir-timestamp': Math.floor(Date.now() / 1000).toString(),
      },
      body: forged,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'SIGNATURE_MISMATCH' });
    expect(backend.inbox.events.map((event) => event.id)).not.toContain('evt_forged');
  });

  it('removes its webhook registration when it closes', async () => {
    await backend.close();
    const remaining = [];
    for await (const webhook of sir.webhooks.listAll()) remaining.push(webhook.id);
    expect(remaining).not.toContain(backend.webhookId);
  });
});
