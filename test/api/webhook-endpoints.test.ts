import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/security/secret-box.js';
import { eventTypes } from '../../src/webhooks/event-types.js';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { testMasterKey } from '../support/test-secrets.js';
import { insertDelivery, receiverUrl, registerWebhook } from '../support/webhook-fixtures.js';

const secretFormat = /^whsec_[0-9a-f]{64}$/;
const secretBox = createSecretBox(testMasterKey);

describe('webhook endpoint management', () => {
  let t: TestApp;
  let partner: TestPartner;
  const engine = recordingDeliveryControl();

  beforeAll(async () => {
    t = await createTestApp({ deliveryControl: engine.control });
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  const endpointRow = (id: string) =>
    t.database.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('registers an endpoint and shows its whsec_ secret once, with the spec fields', async () => {
    const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
      url: receiverUrl,
      description: 'Production webhook',
      eventTypes: ['action.completed', 'action.failed', 'transaction.completed'],
      headers: { 'X-My-Tenant': 'prod' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.stringMatching(/^whk_[0-9a-z]{20}$/),
      url: receiverUrl,
      description: 'Production webhook',
      environment: 'sandbox',
      eventTypes: ['action.completed', 'action.failed', 'transaction.completed'],
      receiveAllEvents: false,
      // Custom headers are write-only: a value this short shows none of its characters.
      headers: { 'X-My-Tenant': '…' },
      standardWebhooks: false,
      ordered: false,
      maxDeliveriesPerSecond: null,
      secret: expect.stringMatching(secretFormat),
      isActive: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
      circuit: { state: 'closed', openedAt: null, nextProbeAt: null, failingSince: null, failedAttemptsInRow: 0 },
      previousSecretExpiresAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('never shows the secret again, and stores it only sealed', async () => {
    const { id, secret } = await registerWebhook(t, partner.sandbox, { standardWebhooks: true });
    const one = await t.signed(partner.sandbox, 'GET', `/v1/partner/webhooks/${id}`);
    const list = await t.signed(partner.sandbox, 'GET', '/v1/partner/webhooks');
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id, standardWebhooks: true });
    expect(one.json()).not.toHaveProperty('secret');
    expect(list.json().data.map((e: { id: string }) => e.id)).toContain(id);
    for (const body of [one.body, list.body]) expect(body).not.toContain(secret.slice(6));

    const row = await endpointRow(id);
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    expect(secretBox.open(row.secret_encrypted)).toBe(secret);
  });

  it('keeps a partner-supplied secret and refuses one in another format', async () => {
    const own = `whsec_${'ab'.repeat(32)}`;
    const { id, secret } = await registerWebhook(t, partner.sandbox, { secret: own });
    expect(secret).toBe(own);
    expect(secretBox.open((await endpointRow(id)).secret_encrypted)).toBe(own);
    for (const bad of ['whsec_abc', `whsec_${'zz'.repeat(32)}`, 'ab'.repeat(35)]) {
      const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
        url: receiverUrl,
        eventTypes: ['*'],
        secret: bad,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('refuses unknown event types with the list of valid ones', async () => {
    const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
      url: receiverUrl,
      eventTypes: ['action.completed', 'action.exploded'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message: 'unknown event types: action.exploded',
        details: { unknownEventTypes: ['action.exploded'], validEventTypes: ['*', ...eventTypes] },
      },
    });
  });

  it('refuses an endpoint that subscribes to nothing', async () => {
    for (const body of [{ url: receiverUrl }, { url: receiverUrl, eventTypes: [], receiveAllEvents: false }]) {
      const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toContain('at least one event type');
    }
  });

  it('accepts the wildcard, which replaces the other listed types, and receiveAllEvents alone', async () => {
    expect(
      (await registerWebhook(t, partner.sandbox, { eventTypes: ['action.completed', '*', 'user.created'] })).eventTypes,
    ).toEqual(['*']);
    const all = await registerWebhook(t, partner.sandbox, { eventTypes: undefined, receiveAllEvents: true });
    expect([all.eventTypes, all.receiveAllEvents]).toEqual([[], true]);
    expect(
      (await registerWebhook(t, partner.sandbox, { eventTypes: ['user.created', 'user.created'] })).eventTypes,
    ).toEqual(['user.created']);
  });

  it('refuses custom headers a delivery sets itself, whatever their case, and malformed ones', async () => {
    const reserved = [
      'Content-Type',
      'user-agent',
      'X-SIR-Signature',
      'x-sir-delivery-id',
      'Webhook-Signature',
      'webhook-id',
      'Request-Id',
      'HOST',
      'Content-Length',
    ];
    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v']));
    const bad = [
      ...reserved.map((name) => ({ [name]: 'x' })),
      tooMany,
      { 'X-Split': 'a\r\nX-Injected: 1' },
      { 'Bad Name': 'x' },
      { 'X-Long': 'x'.repeat(1001) },
    ];
    for (const headers of bad) {
      const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
        url: receiverUrl,
        eventTypes: ['*'],
        headers,
      });
      expect(response.statusCode, JSON.stringify(headers)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    }
    const accepted = await registerWebhook(t, partner.sandbox, {
      headers: { Authorization: 'Bearer abc', 'X-Tenant': 'prod' },
    });
    expect(accepted.headers).toEqual({ Authorization: '…', 'X-Tenant': '…' });
  });

  it('records the spec ping for the new endpoint in the same transaction and asks the engine to dispatch it', async () => {
    const before = engine.calls.dispatchPending;
    const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
      url: receiverUrl,
      eventTypes: ['action.completed'],
    });
    const { id } = response.json();
    const events = await t.database.db.selectFrom('events').selectAll().where('target_endpoint_id', '=', id).execute();
    expect(events.map((e) => [e.type, e.partner_id, e.environment, e.request_id])).toEqual([
      ['partner.status_changed', partner.partnerId, 'sandbox', response.headers['request-id']],
    ]);
    expect(events[0]?.data).toEqual({
      type: 'ping',
      message: 'Test webhook delivery from Partner API',
      webhookId: id,
      timestamp: expect.any(String),
    });
    expect(new Date(String(events[0]?.data.timestamp)).toISOString()).toBe(events[0]?.data.timestamp);
    expect(engine.calls.dispatchPending).toBe(before + 1);
  });

  it('still answers 201 when the engine cannot be reached: the ping waits in the outbox for the sweep', async () => {
    engine.failWith(new Error('temporal unavailable'));
    try {
      const { id } = await registerWebhook(t, partner.sandbox);
      const ping = await t.database.db
        .selectFrom('events')
        .select(['type', 'dispatched_at'])
        .where('target_endpoint_id', '=', id)
        .execute();
      expect(ping).toEqual([{ type: 'partner.status_changed', dispatched_at: null }]);
    } finally {
      engine.failWith(undefined);
    }
  });

  it('PATCH changes fields and isActive: true re-enables a disabled endpoint and clears its failure state', async () => {
    const { id } = await registerWebhook(t, partner.sandbox);
    await t.database.db
      .updateTable('webhook_endpoints')
      .set({
        is_active: false,
        disabled_reason: '10 consecutive failed deliveries',
        disabled_at: new Date(),
        consecutive_failures: 10,
      })
      .where('id', '=', id)
      .execute();
    const response = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, {
      isActive: true,
      url: 'https://hooks.example.com/v2',
      eventTypes: ['user.created'],
      description: null,
      headers: { 'X-New': '1' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      url: 'https://hooks.example.com/v2',
      eventTypes: ['user.created'],
      description: null,
      headers: { 'X-New': '…' },
      isActive: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
    });
    expect((await t.signed(partner.sandbox, 'GET', `/v1/partner/webhooks/${id}`)).json()).toEqual(response.json());
  });

  /** A delivery still retrying and one already delivered, as a backlog looks to the endpoint routes. */
  async function backlogOf(endpointId: string) {
    const scope = { partnerId: partner.partnerId, environment: 'sandbox' as const };
    return {
      retrying: await insertDelivery(t, scope, endpointId, { status: 'RETRYING' }),
      delivered: await insertDelivery(t, scope, endpointId, { status: 'DELIVERED' }),
    };
  }
  const deliveryStatus = async (deliveryId: string) =>
    (
      await t.database.db
        .selectFrom('webhook_deliveries')
        .select('status')
        .where('id', '=', deliveryId)
        .executeTakeFirstOrThrow()
    ).status;

  it('sets ordered and maxDeliveriesPerSecond on create and PATCH, shows them on GET, and refuses a rate outside 1 to 1000', async () => {
    const created = await registerWebhook(t, partner.sandbox, { ordered: true, maxDeliveriesPerSecond: 5 });
    expect(created).toMatchObject({ ordered: true, maxDeliveriesPerSecond: 5 });
    const patched = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${created.id}`, {
      ordered: false,
      maxDeliveriesPerSecond: null,
    });
    expect(patched.json()).toMatchObject({ ordered: false, maxDeliveriesPerSecond: null });
    expect((await t.signed(partner.sandbox, 'GET', `/v1/partner/webhooks/${created.id}`)).json()).toMatchObject({
      ordered: false,
      maxDeliveriesPerSecond: null,
    });
    expect(await endpointRow(created.id)).toMatchObject({ ordered: false, max_deliveries_per_second: null });

    const message = 'maxDeliveriesPerSecond must be a whole number from 1 to 1000, or null for no limit';
    for (const rate of [0, -1, 1001, 2.5, '5']) {
      const create = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
        url: receiverUrl,
        eventTypes: ['action.completed'],
        maxDeliveriesPerSecond: rate,
      });
      const patch = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${created.id}`, {
        maxDeliveriesPerSecond: rate,
      });
      for (const response of [create, patch]) {
        expect(response.statusCode, String(rate)).toBe(400);
        expect(JSON.stringify(response.json().error), String(rate)).toContain(message);
      }
    }
  });

  it('PATCH ordered: false wakes the deliveries waiting for their turn', async () => {
    const { id } = await registerWebhook(t, partner.sandbox, { ordered: true });
    const { retrying } = await backlogOf(id);
    await t.database.db
      .updateTable('webhook_deliveries')
      .set({ workflow_started_at: new Date() })
      .where('id', '=', retrying.deliveryId)
      .execute();
    await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, { ordered: false });
    expect(engine.calls.woken).toEqual([`delivery/${id}/${retrying.eventId}`]);
  });

  it('PATCH isActive: false disables the endpoint and cancels its open deliveries in the same change, without waiting for their workflows', async () => {
    const { id } = await registerWebhook(t, partner.sandbox);
    const { retrying, delivered } = await backlogOf(id);
    engine.holdWorkflowCancels(true);
    try {
      const response = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, { isActive: false });
      expect(response.json()).toMatchObject({
        isActive: false,
        disabledReason: 'disabled by the partner',
        disabledAt: expect.any(String),
      });
    } finally {
      engine.holdWorkflowCancels(false);
    }
    expect([await deliveryStatus(retrying.deliveryId), await deliveryStatus(delivered.deliveryId)]).toEqual([
      'CANCELLED',
      'DELIVERED',
    ]);
    expect(engine.calls.cancelledWorkflows).toContain(`delivery/${id}/${retrying.eventId}`);
    expect(engine.calls.cancelledWorkflows).not.toContain(`delivery/${id}/${delivered.eventId}`);
  });

  it('PATCH checks the subscription as it will be after the change', async () => {
    const { id } = await registerWebhook(t, partner.sandbox, { eventTypes: [], receiveAllEvents: true });
    const dropAll = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, { receiveAllEvents: false });
    expect(dropAll.statusCode).toBe(400);
    const unknown = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, {
      eventTypes: ['nope.never'],
    });
    expect(unknown.json().error.details.unknownEventTypes).toEqual(['nope.never']);
    const narrowed = await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, {
      receiveAllEvents: false,
      eventTypes: ['user.created'],
    });
    expect(narrowed.json()).toMatchObject({ receiveAllEvents: false, eventTypes: ['user.created'] });
    expect((await t.signed(partner.sandbox, 'PATCH', `/v1/partner/webhooks/${id}`, {})).statusCode).toBe(400);
  });

  it('DELETE hides the endpoint from every route, keeps the row for history and cancels its open deliveries without waiting for their workflows', async () => {
    const { id } = await registerWebhook(t, partner.sandbox);
    const { retrying, delivered } = await backlogOf(id);
    engine.holdWorkflowCancels(true);
    try {
      const deleted = await t.signed(partner.sandbox, 'DELETE', `/v1/partner/webhooks/${id}`);
      expect([deleted.statusCode, deleted.body]).toEqual([204, '']);
    } finally {
      engine.holdWorkflowCancels(false);
    }
    expect([await deliveryStatus(retrying.deliveryId), await deliveryStatus(delivered.deliveryId)]).toEqual([
      'CANCELLED',
      'DELIVERED',
    ]);
    expect(engine.calls.cancelledWorkflows).toEqual(expect.arrayContaining([`delivery/${id}/${retrying.eventId}`]));
    expect(
      (await t.signed(partner.sandbox, 'GET', '/v1/partner/webhooks?limit=100'))
        .json()
        .data.map((e: { id: string }) => e.id),
    ).not.toContain(id);
    for (const [method, path, body] of [
      ['GET', `/v1/partner/webhooks/${id}`, undefined],
      ['PATCH', `/v1/partner/webhooks/${id}`, { isActive: true }],
      ['DELETE', `/v1/partner/webhooks/${id}`, undefined],
      ['POST', `/v1/partner/webhooks/${id}/rotate-secret`, {}],
      ['GET', `/v1/partner/webhooks/${id}/deliveries`, undefined],
    ] as const) {
      expect((await t.signed(partner.sandbox, method, path, body)).statusCode, `${method} ${path}`).toBe(404);
    }
    const row = await endpointRow(id);
    expect([row.is_active, row.deleted_at instanceof Date]).toEqual([false, true]);
  });

  it('rotates the secret: the new one is shown once, the previous one kept sealed until the grace period ends', async () => {
    const { id, secret: first } = await registerWebhook(t, partner.sandbox);
    const before = Date.now();
    const rotated = await t.signed(partner.sandbox, 'POST', `/v1/partner/webhooks/${id}/rotate-secret`, {
      gracePeriodHours: 48,
    });
    expect(rotated.statusCode).toBe(200);
    const { secret: second, previousSecretExpiresAt } = rotated.json();
    expect(second).toMatch(secretFormat);
    expect(second).not.toBe(first);
    const expiresAt = new Date(previousSecretExpiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 48 * 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 48 * 3600_000);

    const row = await endpointRow(id);
    expect([secretBox.open(row.secret_encrypted), secretBox.open(row.previous_secret_encrypted!)]).toEqual([
      second,
      first,
    ]);
    expect(row.previous_secret_expires_at?.toISOString()).toBe(previousSecretExpiresAt);
    expect(JSON.stringify(row)).not.toContain(first.slice(6));

    const own = `whsec_${'cd'.repeat(32)}`;
    const again = await t.signed(partner.sandbox, 'POST', `/v1/partner/webhooks/${id}/rotate-secret`);
    expect(new Date(again.json().previousSecretExpiresAt).getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const third = again.json().secret;
    expect(
      (await t.signed(partner.sandbox, 'POST', `/v1/partner/webhooks/${id}/rotate-secret`, { secret: own })).json()
        .secret,
    ).toBe(own);
    expect(secretBox.open((await endpointRow(id)).previous_secret_encrypted!)).toBe(third);
    expect(
      (await t.signed(partner.sandbox, 'POST', `/v1/partner/webhooks/${id}/rotate-secret`, { gracePeriodHours: 169 }))
        .statusCode,
    ).toBe(400);
  });

  it('pages through endpoints newest first with a cursor', async () => {
    const other = await t.createPartner();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await registerWebhook(t, other.sandbox)).id);
    const seen: string[] = [];
    let path = '/v1/partner/webhooks?limit=2';
    for (;;) {
      const body = (await t.signed(other.sandbox, 'GET', path)).json();
      seen.push(...body.data.map((e: { id: string }) => e.id));
      if (!body.pagination.hasMore) break;
      path = `/v1/partner/webhooks?limit=2&cursor=${body.pagination.nextCursor}`;
    }
    expect(seen).toEqual(ids.reverse());
  });

  it('refuses a publishable key on every write with 403, and lets it read', async () => {
    const { id } = await registerWebhook(t, partner.sandbox);
    const pk = { partnerKey: partner.sandbox.publicKey, hmacSecret: partner.sandbox.hmacSecret };
    for (const [method, path, body] of [
      ['POST', '/v1/partner/webhooks', { url: receiverUrl, eventTypes: ['*'] }],
      ['PATCH', `/v1/partner/webhooks/${id}`, { isActive: false }],
      ['DELETE', `/v1/partner/webhooks/${id}`, undefined],
      ['POST', `/v1/partner/webhooks/${id}/rotate-secret`, {}],
    ] as const) {
      const response = await t.signed(pk, method, path, body);
      expect([response.statusCode, response.json().error.code], `${method} ${path}`).toEqual([
        403,
        'SECRET_KEY_REQUIRED',
      ]);
    }
    expect((await endpointRow(id)).is_active).toBe(true);
    expect((await t.signed(pk, 'GET', `/v1/partner/webhooks/${id}`)).statusCode).toBe(200);
  });
});
