import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { findDelivery, settledDelivery } from '../support/delivery-waits.js';
import type { TestPartner } from '../support/test-app.js';
import { insertDelivery } from '../support/webhook-fixtures.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';

describe('re-delivery and test pings through the API, on the real Temporal dev server', () => {
  let w: WebhookStack;
  let stranger: TestPartner;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    w = await startWebhookStack();
    stranger = await w.t.createPartner();
    receiver = await w.receiver();
  });
  afterAll(async () => w.close());

  const db = () => w.t.database.db;
  const scope = () => ({ partnerId: w.partner.partnerId, environment: 'sandbox' as const });
  const bodiesTo = (path: string) =>
    receiver.requests.filter((request) => request.path === path).map((request) => JSON.parse(request.body));
  const register = async (path: string) =>
    (await w.register({ url: receiver.url(path), eventTypes: ['action.completed'] })).id;

  it("sends the spec's test ping to that endpoint only and answers with its delivery", async () => {
    receiver.respond(() => ({ status: 200 }));
    const webhookId = await register('/ping');
    const response = await w.t.signed(w.partner.sandbox, 'POST', `/v1/partner/webhooks/${webhookId}/test`);

    expect(response.statusCode, response.body).toBe(202);
    const answer = response.json();
    expect(answer).toEqual({
      deliveryId: expect.stringMatching(/^dlv_/),
      eventId: expect.stringMatching(/^evt_/),
      webhookId,
      status: 'PENDING',
    });
    const { result } = await settledDelivery(db(), w.stack.client, webhookId, answer.eventId);
    expect(result).toEqual({ deliveryId: answer.deliveryId, status: 'DELIVERED' });
    const ping = receiver.requests.find((request) => JSON.parse(request.body).id === answer.eventId)!;
    expect(JSON.parse(ping.body)).toEqual({
      id: answer.eventId,
      type: 'partner.status_changed',
      createdAt: expect.any(String),
      data: {
        type: 'ping',
        message: 'Test webhook delivery from Partner API',
        webhookId,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
    expect(ping.headers).toMatchObject({
      'x-sir-delivery-id': answer.deliveryId,
      'request-id': response.headers['request-id'],
    });
    const others = await db()
      .selectFrom('webhook_deliveries')
      .select('endpoint_id')
      .where('event_id', '=', answer.eventId)
      .execute();
    expect(others).toEqual([{ endpoint_id: webhookId }]);
  });

  it('scopes every route to the partner and environment of the key', async () => {
    const webhookId = await register('/scoped');
    const { deliveryId } = await insertDelivery(w.t, scope(), webhookId, { status: 'FAILED' });
    for (const [who, path] of [
      [stranger.sandbox, `/v1/partner/webhooks/${webhookId}/test`],
      [w.partner.production, `/v1/partner/webhooks/${webhookId}/test`],
      [stranger.sandbox, `/v1/partner/webhooks/${webhookId}/deliveries/${deliveryId}/retry`],
      [w.partner.production, `/v1/partner/webhooks/${webhookId}/deliveries/${deliveryId}/retry`],
      [w.partner.sandbox, `/v1/partner/webhooks/${webhookId}/deliveries/dlv_unknown/retry`],
    ] as const) {
      const response = await w.t.signed(who, 'POST', path);
      expect(response.statusCode, `${path}: ${response.body}`).toBe(404);
    }
    const recover = await w.t.signed(stranger.sandbox, 'POST', `/v1/partner/webhooks/${webhookId}/deliveries/recover`, {
      since: new Date(0).toISOString(),
    });
    expect(recover.statusCode).toBe(404);
    const wrongEndpoint = await w.t.signed(
      w.partner.sandbox,
      'POST',
      `/v1/partner/webhooks/${await register('/other')}/deliveries/${deliveryId}/retry`,
    );
    expect(wrongEndpoint.statusCode).toBe(404);
  });

  it('re-queues a failed delivery as a new run, refuses while it is in flight or the endpoint is disabled, and may send a delivered one again', async () => {
    receiver.respond((request) => ({ status: request.path === '/retry' ? 410 : 200 }));
    const webhookId = await register('/retry');
    const ping = await db()
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', webhookId)
      .executeTakeFirstOrThrow();
    expect((await settledDelivery(db(), w.stack.client, webhookId, ping.event_id)).result.status).toBe('FAILED');
    const retryPath = `/v1/partner/webhooks/${webhookId}/deliveries/${ping.id}/retry`;

    const whileDisabled = await w.t.signed(w.partner.sandbox, 'POST', retryPath);
    expect(whileDisabled.statusCode).toBe(409);
    expect(whileDisabled.json().error.message).toMatch(/webhook is disabled \(HTTP 410 Gone/);
    const reenabled = await w.t.signed(w.partner.sandbox, 'PATCH', `/v1/partner/webhooks/${webhookId}`, {
      isActive: true,
    });
    expect(reenabled.statusCode, reenabled.body).toBe(200);
    receiver.respond(() => ({ status: 200 }));

    const retried = await w.t.signed(w.partner.sandbox, 'POST', retryPath);
    expect(retried.statusCode, retried.body).toBe(202);
    expect(retried.json()).toEqual({
      deliveryId: ping.id,
      webhookId,
      eventId: ping.event_id,
      status: 'PENDING',
      manualRetry: 1,
    });
    const first = await settledDelivery(db(), w.stack.client, webhookId, ping.event_id);
    expect(first.result.status).toBe('DELIVERED');
    expect(first.delivery).toMatchObject({
      workflow_id: workflowIds.delivery(webhookId, ping.event_id, 1),
      attempt_count: 2,
      manual_retries: 1,
    });

    const again = await w.t.signed(w.partner.sandbox, 'POST', retryPath);
    expect(again.json()).toMatchObject({ status: 'PENDING', manualRetry: 2 });
    expect((await settledDelivery(db(), w.stack.client, webhookId, ping.event_id)).result.status).toBe('DELIVERED');
    // The 410, then each manual run: the same event id every time, so the receiver can dedupe.
    expect(bodiesTo('/retry').map((body) => body.id)).toEqual([ping.event_id, ping.event_id, ping.event_id]);

    for (const status of ['PENDING', 'RETRYING'] as const) {
      const { deliveryId } = await insertDelivery(w.t, scope(), webhookId, { status });
      const inFlight = await w.t.signed(
        w.partner.sandbox,
        'POST',
        `/v1/partner/webhooks/${webhookId}/deliveries/${deliveryId}/retry`,
      );
      expect(inFlight.statusCode).toBe(409);
      expect(inFlight.json().error.message).toMatch(`the delivery is ${status} and still being attempted`);
    }
  });

  it('re-queues a delivery whose window ended while it was parked behind the circuit, and delivers it', async () => {
    receiver.respond(() => ({ status: 200 }));
    const webhookId = await register('/parked');
    const { deliveryId, eventId } = await insertDelivery(w.t, scope(), webhookId, { status: 'FAILED' });
    await db().updateTable('webhook_deliveries').set({ parked_at: new Date() }).where('id', '=', deliveryId).execute();

    const retried = await w.t.signed(
      w.partner.sandbox,
      'POST',
      `/v1/partner/webhooks/${webhookId}/deliveries/${deliveryId}/retry`,
    );
    expect(retried.statusCode, retried.body).toBe(202);
    const { result, delivery } = await settledDelivery(db(), w.stack.client, webhookId, eventId);
    expect(result.status).toBe('DELIVERED');
    expect(delivery).toMatchObject({ parked_at: null, manual_retries: 1 });
  });

  it('recovers every failed delivery since a time in one call and answers how many', async () => {
    receiver.respond(() => ({ status: 200 }));
    const webhookId = await register('/recover');
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);
    const recent = [
      await insertDelivery(w.t, scope(), webhookId, { status: 'FAILED', createdAt: hoursAgo(2) }),
      await insertDelivery(w.t, scope(), webhookId, { status: 'FAILED', createdAt: hoursAgo(1) }),
    ];
    const old = await insertDelivery(w.t, scope(), webhookId, { status: 'FAILED', createdAt: hoursAgo(24 * 10) });
    await insertDelivery(w.t, scope(), webhookId, { status: 'DELIVERED', createdAt: hoursAgo(1) });

    const since = hoursAgo(24).toISOString();
    const response = await w.t.signed(
      w.partner.sandbox,
      'POST',
      `/v1/partner/webhooks/${webhookId}/deliveries/recover`,
      { since },
    );
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toEqual({ webhookId, since, queued: 2 });

    for (const { eventId } of recent)
      expect((await settledDelivery(db(), w.stack.client, webhookId, eventId)).result.status).toBe('DELIVERED');
    const sent = bodiesTo('/recover').map((body) => body.id);
    expect(sent).toEqual(expect.arrayContaining(recent.map((d) => d.eventId)));
    expect(sent).not.toContain(old.eventId);
    expect((await findDelivery(db(), webhookId, old.eventId))!.status).toBe('FAILED');
    const invalid = await w.t.signed(
      w.partner.sandbox,
      'POST',
      `/v1/partner/webhooks/${webhookId}/deliveries/recover`,
      { since: 'yesterday' },
    );
    expect(invalid.statusCode).toBe(400);
  });
});
