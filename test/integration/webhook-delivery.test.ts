import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptsOf, recordTestEvent } from '../support/delivery-fixtures.js';
import { eventually, settledDelivery } from '../support/delivery-waits.js';
import { fundPool, purchase } from '../support/ledger-fixtures.js';
import { envelopeOf, headerOf } from '../support/webhook-receiver.js';
import { arrival, startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';
import { specVerifierAccepts, standardWebhookVerifies } from '../support/webhook-verifiers.js';

describe('signed webhook delivery over the real Temporal dev server, PostgreSQL and HTTP', () => {
  let w: WebhookStack;
  beforeAll(async () => {
    w = await startWebhookStack();
  });
  afterAll(async () => w.close());

  const db = () => w.t.database.db;

  /** A receiver that answers as the spec's Node.js verifier does: 200 when the signature holds, else 401. */
  async function verifyingReceiver(secret: () => string) {
    const receiver = await w.receiver();
    receiver.respond((request) => {
      const ok = specVerifierAccepts(
        headerOf(request, 'X-SIR-Signature') ?? '',
        headerOf(request, 'X-SIR-Timestamp') ?? '',
        Buffer.from(request.body),
        secret(),
      );
      return { status: ok ? 200 : 401 };
    });
    return receiver;
  }

  it("delivers an action's events to a subscribed endpoint, signed as the spec says, with the API call's Request-Id", async () => {
    let secret = '';
    const receiver = await verifyingReceiver(() => secret);
    const endpoint = await w.register({ url: receiver.url(), eventTypes: ['action.completed'] });
    secret = endpoint.secret;
    await fundPool(w.t, w.partner, 1000);

    const submitted = await w.t.signed(
      w.partner.sandbox,
      'POST',
      '/v1/partner/actions/submit',
      purchase('hooked_1', 12, 'hook_user'),
    );
    expect(submitted.statusCode).toBe(200);
    const request = await arrival(receiver, (event) => event.type === 'action.completed', 'action.completed');

    const event = envelopeOf(request);
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: 'action.completed',
      createdAt: expect.any(String),
      data: expect.objectContaining({ actionId: submitted.json().actionId, tokensDistributed: 12 }),
    });
    const { result, delivery } = await settledDelivery(db(), w.stack.client, endpoint.id, event.id);
    expect(result.status).toBe('DELIVERED');
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'SIRGiving-Webhooks/1.0',
      'x-sir-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
      'x-sir-delivery-id': delivery.id,
      'x-sir-event-id': event.id,
      'request-id': submitted.headers['request-id'],
    });
    expect(Math.abs(Number(headerOf(request, 'X-SIR-Timestamp')) - Date.now() / 1000)).toBeLessThan(10);
    expect(request.body).toBe(delivery.payload);

    // Subscribed to action.completed only: the action's transaction.completed and user.created went nowhere.
    const types = (
      await db().selectFrom('webhook_deliveries').select('event_type').where('endpoint_id', '=', endpoint.id).execute()
    ).map((d) => d.event_type);
    expect(types.sort()).toEqual(['action.completed', 'partner.status_changed']);
    // The spec's verifier answered 200 to every delivery, the registration ping included.
    const statuses = await eventually(async () => {
      const rows = await db()
        .selectFrom('webhook_deliveries')
        .select('status')
        .where('endpoint_id', '=', endpoint.id)
        .execute();
      return rows.every((row) => row.status === 'DELIVERED') ? rows : undefined;
    }, 'every delivery to be DELIVERED');
    expect(statuses).toHaveLength(2);
    const [attempt] = await attemptsOf(db(), delivery.id);
    expect(attempt).toMatchObject({ attempt_number: 1, response_status: 200, succeeded: true, error: null });
    expect(attempt!.request_headers['X-SIR-Signature']).toBe(headerOf(request, 'X-SIR-Signature'));
  });

  it("lets the spec's verifier reject a tampered body, a stale timestamp and another secret", async () => {
    let secret = '';
    const receiver = await verifyingReceiver(() => secret);
    ({ secret } = await w.register({ url: receiver.url(), eventTypes: ['user.created'] }));
    const ping = await arrival(receiver, (event) => event.type === 'partner.status_changed', 'the registration ping');
    const [signature, timestamp] = [headerOf(ping, 'X-SIR-Signature')!, headerOf(ping, 'X-SIR-Timestamp')!];

    expect(specVerifierAccepts(signature, timestamp, Buffer.from(ping.body), secret)).toBe(true);
    const tampered = ping.body.replace('Test webhook delivery', 'Tampered webhook delivery');
    expect(specVerifierAccepts(signature, timestamp, Buffer.from(tampered), secret)).toBe(false);
    expect(
      specVerifierAccepts(signature, timestamp, Buffer.from(ping.body), secret, (Number(timestamp) + 301) * 1000),
    ).toBe(false);
    expect(specVerifierAccepts(signature, timestamp, Buffer.from(ping.body), 'whsec_' + '0'.repeat(64))).toBe(false);
  });

  it('adds Standard Webhooks headers that verify with the standard algorithm', async () => {
    const receiver = await w.receiver();
    const endpoint = await w.register({ url: receiver.url(), eventTypes: ['user.created'], standardWebhooks: true });
    const ping = await arrival(receiver, (event) => event.type === 'partner.status_changed', 'the registration ping');

    const standard = {
      id: headerOf(ping, 'webhook-id')!,
      timestamp: headerOf(ping, 'webhook-timestamp')!,
      signature: headerOf(ping, 'webhook-signature')!,
    };
    expect(standard).toEqual({
      id: envelopeOf(ping).id,
      timestamp: headerOf(ping, 'X-SIR-Timestamp'),
      signature: expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
    });
    expect(standardWebhookVerifies(standard, ping.body, endpoint.secret)).toBe(true);
    expect(standardWebhookVerifies(standard, `${ping.body} `, endpoint.secret)).toBe(false);
  });

  it('signs with both secrets during a rotation grace period, each signature verifying with its own secret', async () => {
    const receiver = await w.receiver();
    const endpoint = await w.register({ url: receiver.url(), eventTypes: ['user.created'], standardWebhooks: true });
    const rotated = await w.t.signed(w.partner.sandbox, 'POST', `/v1/partner/webhooks/${endpoint.id}/rotate-secret`, {
      gracePeriodHours: 24,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const newSecret = rotated.json().secret as string;

    const during = await recordTestEvent(db(), w.partner.partnerId);
    await w.control.dispatchPending();
    const request = await arrival(receiver, (event) => event.id === during, 'the delivery during the grace period');
    const ts = headerOf(request, 'X-SIR-Timestamp')!;
    const signatures = headerOf(request, 'X-SIR-Signature')!.split(' ');
    expect(signatures).toHaveLength(2);
    expect(specVerifierAccepts(signatures[0]!, ts, Buffer.from(request.body), newSecret)).toBe(true);
    expect(specVerifierAccepts(signatures[1]!, ts, Buffer.from(request.body), endpoint.secret)).toBe(true);
    const standardSignatures = headerOf(request, 'webhook-signature')!.split(' ');
    expect(standardSignatures).toHaveLength(2);
    const standard = (signature: string) => ({ id: during, timestamp: ts, signature });
    expect(standardWebhookVerifies(standard(standardSignatures[0]!), request.body, newSecret)).toBe(true);
    expect(standardWebhookVerifies(standard(standardSignatures[1]!), request.body, endpoint.secret)).toBe(true);

    await db()
      .updateTable('webhook_endpoints')
      .set({ previous_secret_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', endpoint.id)
      .execute();
    const after = await recordTestEvent(db(), w.partner.partnerId);
    await w.control.dispatchPending();
    const later = await arrival(receiver, (event) => event.id === after, 'the delivery after the grace period');
    expect(
      specVerifierAccepts(
        headerOf(later, 'X-SIR-Signature')!,
        headerOf(later, 'X-SIR-Timestamp')!,
        Buffer.from(later.body),
        newSecret,
      ),
    ).toBe(true);
  });
});
