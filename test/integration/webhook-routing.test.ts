import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptsOf, insertEndpoint, recordTestEvent } from '../support/delivery-fixtures.js';
import { settledDelivery } from '../support/delivery-waits.js';
import { envelopeOf, headerOf } from '../support/webhook-receiver.js';
import { arrival, startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';
import { specVerifierAccepts } from '../support/webhook-verifiers.js';

describe('what each endpoint receives, over the real Temporal dev server', () => {
  let w: WebhookStack;
  beforeAll(async () => {
    w = await startWebhookStack();
  });
  afterAll(async () => w.close());

  const db = () => w.t.database.db;
  const partnerId = () => w.partner.partnerId;

  it('sends custom headers, which can never replace the delivery headers whatever their case', async () => {
    const receiver = await w.receiver();
    const headers = {
      'X-My-Tenant': 'prod',
      'x-sir-signature': 'sha256=forged',
      'USER-AGENT': 'evil',
      'request-id': 'spoofed',
      'Webhook-Id': 'nope',
      'content-type': 'text/plain',
    };
    const endpoint = await insertEndpoint(db(), partnerId(), {
      url: receiver.url(),
      eventTypes: ['user.created'],
      headers,
    });
    const withRequest = await recordTestEvent(db(), partnerId(), 'user.created', { requestId: 'req_origin' });
    const without = await recordTestEvent(db(), partnerId());
    await w.control.dispatchPending();
    const [first, second] = await Promise.all(
      [withRequest, without].map((id) => arrival(receiver, (event) => event.id === id, id)),
    );

    expect(first!.headers).toMatchObject({
      'x-my-tenant': 'prod',
      'user-agent': 'SIRGiving-Webhooks/1.0',
      'content-type': 'application/json',
      'request-id': 'req_origin',
    });
    expect(
      specVerifierAccepts(
        headerOf(first!, 'X-SIR-Signature')!,
        headerOf(first!, 'X-SIR-Timestamp')!,
        Buffer.from(first!.body),
        endpoint.secret,
      ),
    ).toBe(true);
    expect(first!.headers['webhook-id']).toBeUndefined();
    expect(second!.headers['request-id']).toBeUndefined();
    expect(second!.headers['x-my-tenant']).toBe('prod');
  });

  it('keeps 10 KB of a large response body in the attempt record', async () => {
    const receiver = await w.receiver();
    const large = 'a'.repeat(6000) + 'b'.repeat(50_000);
    receiver.respond(() => ({ status: 200, body: large }));
    const endpoint = await insertEndpoint(db(), partnerId(), { url: receiver.url(), eventTypes: ['user.upgraded'] });
    const eventId = await recordTestEvent(db(), partnerId(), 'user.upgraded');
    await w.control.dispatchPending();

    const { delivery } = await settledDelivery(db(), w.stack.client, endpoint.id, eventId);
    const [attempt] = await attemptsOf(db(), delivery.id);
    expect(attempt!.response_body).toBe(large.slice(0, 10 * 1024));
  });

  it('delivers every type, including ones not listed, to wildcard subscriptions', async () => {
    const receiver = await w.receiver();
    const star = await insertEndpoint(db(), partnerId(), { url: receiver.url('/star'), eventTypes: ['*'] });
    const all = await insertEndpoint(db(), partnerId(), {
      url: receiver.url('/all'),
      eventTypes: [],
      receiveAllEvents: true,
    });
    const listed = await insertEndpoint(db(), partnerId(), {
      url: receiver.url('/listed'),
      eventTypes: ['action.completed'],
    });
    const eventId = await recordTestEvent(db(), partnerId(), 'campaign.budget_reached');
    await w.control.dispatchPending();

    for (const endpoint of [star, all])
      expect((await settledDelivery(db(), w.stack.client, endpoint.id, eventId)).result.status).toBe('DELIVERED');
    expect(
      receiver.requests
        .filter((r) => envelopeOf(r).id === eventId)
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/all', '/star']);
    expect(
      await db().selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', listed.id).execute(),
    ).toEqual([]);
  });

  it('keeps environments apart: a production endpoint never gets sandbox events, nor the reverse', async () => {
    const receiver = await w.receiver();
    const sandbox = await insertEndpoint(db(), partnerId(), {
      url: receiver.url('/sandbox'),
      eventTypes: ['bulk_job.failed'],
    });
    const production = await insertEndpoint(db(), partnerId(), {
      url: 'https://hooks.example.com/sir',
      environment: 'production',
      eventTypes: ['bulk_job.failed'],
    });
    const sandboxEvent = await recordTestEvent(db(), partnerId(), 'bulk_job.failed');
    const productionEvent = await recordTestEvent(db(), partnerId(), 'bulk_job.failed', { environment: 'production' });
    await w.control.dispatchPending();
    await w.control.cancelEndpointDeliveries(production.id);

    const pairs = await db()
      .selectFrom('webhook_deliveries')
      .select(['endpoint_id', 'event_id'])
      .where('event_id', 'in', [sandboxEvent, productionEvent])
      .execute();
    expect(pairs.filter((p) => p.endpoint_id === production.id)).toEqual([
      { endpoint_id: production.id, event_id: productionEvent },
    ]);
    expect(pairs.filter((p) => p.endpoint_id === sandbox.id)).toEqual([
      { endpoint_id: sandbox.id, event_id: sandboxEvent },
    ]);
  });

  it('delivers user.created as soon as the API commits it, without waiting for the sweep', async () => {
    const receiver = await w.receiver();
    await insertEndpoint(db(), partnerId(), { url: receiver.url(), eventTypes: ['user.created'] });
    const created = await w.t.signed(w.partner.sandbox, 'POST', '/v1/partner/users', {
      externalUserId: 'fast_path_user',
    });
    expect(created.statusCode).toBe(201);

    const request = await arrival(
      receiver,
      (event) => event.type === 'user.created' && event.data.user !== undefined,
      'user.created',
    );
    expect(envelopeOf(request).data).toMatchObject({ user: { externalUserId: 'fast_path_user' } });
    expect(headerOf(request, 'Request-Id')).toBe(created.headers['request-id']);
  });
});
