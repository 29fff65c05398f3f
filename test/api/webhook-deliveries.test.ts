import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartnerScope } from '../../src/partner-scope.js';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { insertDelivery, registerWebhook } from '../support/webhook-fixtures.js';

describe('webhook delivery history', () => {
  let t: TestApp;
  let partner: TestPartner;
  let scope: PartnerScope;
  let webhookId: string;
  const base = Date.parse('2026-05-10T09:00:00.000Z');
  const at = (minutes: number) => new Date(base + minutes * 60_000);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ deliveryControl: recordingDeliveryControl().control });
    partner = await t.createPartner();
    scope = { partnerId: partner.partnerId, environment: 'sandbox' };
    webhookId = (await registerWebhook(t, partner.sandbox, { eventTypes: ['*'] })).id;
    const other = (await registerWebhook(t, partner.sandbox)).id;
    ids.other = (await insertDelivery(t, scope, other, { createdAt: at(2) })).deliveryId;
    ids.first = (
      await insertDelivery(t, scope, webhookId, {
        createdAt: at(0),
        status: 'DELIVERED',
        eventType: 'action.completed',
        attempts: [{ succeeded: true, responseStatus: 200 }],
      })
    ).deliveryId;
    ids.second = (
      await insertDelivery(t, scope, webhookId, {
        createdAt: at(1),
        status: 'FAILED',
        eventType: 'action.failed',
        attempts: [{ succeeded: false, responseStatus: 500 }],
      })
    ).deliveryId;
    ids.third = (
      await insertDelivery(t, scope, webhookId, { createdAt: at(3), status: 'PENDING', eventType: 'user.created' })
    ).deliveryId;
    ids.fourth = (
      await insertDelivery(t, scope, webhookId, {
        createdAt: at(4),
        status: 'DELIVERED',
        eventType: 'user.created',
        attempts: [{ succeeded: true, responseStatus: 204 }],
      })
    ).deliveryId;
  });
  afterAll(async () => t.close());

  const list = async (query = '') => {
    const response = await t.signed(partner.sandbox, 'GET', `/v1/partner/webhooks/${webhookId}/deliveries${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const idsOf = (page: { data: Array<{ id: string }> }) => page.data.map((d) => d.id);

  it('shows a delivery with its payload, the latest request headers and every attempt, oldest first', async () => {
    const endpoint = (await registerWebhook(t, partner.sandbox)).id;
    const created = await insertDelivery(t, scope, endpoint, {
      status: 'DELIVERED',
      eventType: 'transaction.completed',
      createdAt: at(10),
      deliveredAt: at(12),
      lastResponseStatus: 200,
      attempts: [
        {
          succeeded: false,
          responseStatus: 503,
          responseBody: 'busy',
          durationMs: 120,
          error: 'HTTP 503',
          createdAt: at(10),
          headers: { 'X-SIR-Timestamp': '1' },
        },
        {
          succeeded: false,
          responseStatus: null,
          durationMs: 10_000,
          error: 'timed out after 10000 ms',
          createdAt: at(11),
          headers: { 'X-SIR-Timestamp': '2' },
        },
        {
          succeeded: true,
          responseStatus: 200,
          responseBody: 'ok',
          durationMs: 35,
          createdAt: at(12),
          headers: { 'X-SIR-Timestamp': '3', 'X-SIR-Signature': 'sha256=abc' },
        },
      ],
    });
    const response = await t.signed(partner.sandbox, 'GET', `/v1/partner/webhooks/${endpoint}/deliveries`);
    expect(response.json()).toEqual({
      data: [
        {
          id: created.deliveryId,
          eventId: created.eventId,
          eventType: 'transaction.completed',
          status: 'DELIVERED',
          attemptCount: 3,
          manualRetries: 0,
          createdAt: at(10).toISOString(),
          deliveredAt: at(12).toISOString(),
          lastError: null,
          lastResponseStatus: 200,
          nextAttemptAt: null,
          request: { payload: created.payload, headers: { 'X-SIR-Timestamp': '3', 'X-SIR-Signature': 'sha256=abc' } },
          attempts: [
            {
              attemptNumber: 1,
              responseStatus: 503,
              responseBody: 'busy',
              durationMs: 120,
              error: 'HTTP 503',
              succeeded: false,
              createdAt: at(10).toISOString(),
            },
            {
              attemptNumber: 2,
              responseStatus: null,
              responseBody: null,
              durationMs: 10_000,
              error: 'timed out after 10000 ms',
              succeeded: false,
              createdAt: at(11).toISOString(),
            },
            {
              attemptNumber: 3,
              responseStatus: 200,
              responseBody: 'ok',
              durationMs: 35,
              error: null,
              succeeded: true,
              createdAt: at(12).toISOString(),
            },
          ],
        },
      ],
      pagination: { limit: 20, hasMore: false, nextCursor: null },
    });
  });

  it('shows a delivery not yet attempted with no headers and no attempts', async () => {
    const pending = (await list('?status=PENDING')).data;
    expect(
      pending.map((d: { id: string; request: { headers: unknown }; attempts: unknown[] }) => [
        d.id,
        d.request.headers,
        d.attempts,
      ]),
    ).toEqual([[ids.third, null, []]]);
  });

  it("lists only this endpoint's deliveries, newest first, and pages with a cursor without repeats or gaps", async () => {
    expect(idsOf(await list())).toEqual([ids.fourth, ids.third, ids.second, ids.first]);
    const first = await list('?limit=3');
    expect([idsOf(first), first.pagination.hasMore]).toEqual([[ids.fourth, ids.third, ids.second], true]);
    const second = await list(`?limit=3&cursor=${first.pagination.nextCursor}`);
    expect([idsOf(second), second.pagination]).toEqual([[ids.first], { limit: 3, hasMore: false, nextCursor: null }]);
  });

  it('filters by status, event type and creation time', async () => {
    expect(idsOf(await list('?status=DELIVERED'))).toEqual([ids.fourth, ids.first]);
    expect(idsOf(await list('?eventType=user.created'))).toEqual([ids.fourth, ids.third]);
    expect(idsOf(await list('?status=DELIVERED&eventType=user.created'))).toEqual([ids.fourth]);
    const from = encodeURIComponent(at(1).toISOString());
    const to = encodeURIComponent(at(4).toISOString());
    expect(idsOf(await list(`?from=${from}&to=${to}`))).toEqual([ids.third, ids.second]);
  });

  it('refuses an unknown status or a malformed date, and answers 404 for an unknown endpoint', async () => {
    for (const query of ['?status=LOST', '?from=yesterday', '?limit=0']) {
      const response = await t.signed(partner.sandbox, 'GET', `/v1/partner/webhooks/${webhookId}/deliveries${query}`);
      expect(response.statusCode, query).toBe(400);
    }
    expect((await t.signed(partner.sandbox, 'GET', '/v1/partner/webhooks/whk_unknown/deliveries')).statusCode).toBe(
      404,
    );
  });
});
