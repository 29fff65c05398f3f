import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartnerScope } from '../../src/partner-scope.js';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { insertDelivery, registerWebhook } from '../support/webhook-fixtures.js';

describe('webhook health dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ deliveryControl: recordingDeliveryControl().control });
  });
  afterAll(async () => t.close());

  // One instant per file, so the times inserted and the times expected are the same values.
  const now = Date.now();
  const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000);
  const health = async (partner: TestPartner) => {
    const response = await t.signed(partner.sandbox, 'GET', '/v1/partner/dashboard/webhooks/health');
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('computes success rate, response time, counts and recent failures per endpoint and overall over the last 24 hours', async () => {
    const partner = await t.createPartner();
    const scope: PartnerScope = { partnerId: partner.partnerId, environment: 'sandbox' };
    const a = (await registerWebhook(t, partner.sandbox, { url: 'https://a.example.com/hook' })).id;
    const b = (await registerWebhook(t, partner.sandbox, { url: 'https://b.example.com/hook' })).id;
    const quiet = (await registerWebhook(t, partner.sandbox, { url: 'https://quiet.example.com/hook' })).id;
    const gone = (await registerWebhook(t, partner.sandbox, { url: 'https://gone.example.com/hook' })).id;

    const recovered = await insertDelivery(t, scope, a, {
      status: 'DELIVERED',
      eventType: 'action.completed',
      attempts: [
        { succeeded: false, responseStatus: 500, durationMs: 100, error: 'HTTP 500', createdAt: minutesAgo(50) },
        { succeeded: false, responseStatus: 503, durationMs: 300, error: 'HTTP 503', createdAt: minutesAgo(40) },
        { succeeded: true, responseStatus: 200, durationMs: 200, createdAt: minutesAgo(30) },
      ],
    });
    const retrying = await insertDelivery(t, scope, a, {
      status: 'RETRYING',
      eventType: 'user.created',
      attempts: [
        { succeeded: false, responseStatus: 500, durationMs: 999, error: 'HTTP 500', createdAt: minutesAgo(25 * 60) },
        { succeeded: false, responseStatus: null, durationMs: 10_000, error: 'timed out', createdAt: minutesAgo(10) },
      ],
    });
    const failed = await insertDelivery(t, scope, b, {
      status: 'FAILED',
      eventType: 'action.failed',
      attempts: [
        { succeeded: false, responseStatus: 410, durationMs: 50, error: 'HTTP 410', createdAt: minutesAgo(20) },
      ],
    });
    await insertDelivery(t, scope, b, {
      status: 'DELIVERED',
      attempts: [{ succeeded: true, responseStatus: 200, durationMs: 150, createdAt: minutesAgo(5) }],
    });
    await insertDelivery(t, scope, b, { status: 'PENDING' });
    await insertDelivery(t, scope, gone, {
      status: 'FAILED',
      attempts: [{ succeeded: false, responseStatus: 500, durationMs: 1, createdAt: minutesAgo(1) }],
    });
    expect((await t.signed(partner.sandbox, 'DELETE', `/v1/partner/webhooks/${gone}`)).statusCode).toBe(204);
    await t.database.db
      .updateTable('webhook_endpoints')
      .set({
        is_active: false,
        disabled_reason: 'endpoint answered 410 Gone',
        disabled_at: minutesAgo(20),
        consecutive_failures: 1,
      })
      .where('id', '=', b)
      .execute();

    const failure = (
      webhookId: string,
      delivery: { deliveryId: string },
      eventType: string,
      attemptNumber: number,
      responseStatus: number | null,
      error: string,
      minutes: number,
    ) => ({
      webhookId,
      deliveryId: delivery.deliveryId,
      eventType,
      attemptNumber,
      responseStatus,
      error,
      attemptedAt: minutesAgo(minutes).toISOString(),
    });
    const timedOut = failure(a, retrying, 'user.created', 2, null, 'timed out', 10);
    const gone410 = failure(b, failed, 'action.failed', 1, 410, 'HTTP 410', 20);
    const busy503 = failure(a, recovered, 'action.completed', 2, 503, 'HTTP 503', 40);
    const error500 = failure(a, recovered, 'action.completed', 1, 500, 'HTTP 500', 50);

    const body = await health(partner);
    const windowMs = Date.parse(body.window.to) - Date.parse(body.window.from);
    expect([windowMs, Date.parse(body.window.to) >= now]).toEqual([24 * 3600_000, true]);
    expect(body.overall).toEqual({
      attempts: 6,
      succeededAttempts: 2,
      failedAttempts: 4,
      successRate: 0.3333,
      averageResponseTimeMs: 160,
      deliveries: 4,
      failingDeliveries: 2,
      recentFailures: [timedOut, gone410, busy503, error500],
    });
    const endpoint = (id: string) => body.endpoints.find((e: { id: string }) => e.id === id);
    expect(body.endpoints.map((e: { id: string }) => e.id)).toEqual([quiet, b, a]);
    expect(endpoint(a)).toEqual({
      id: a,
      url: 'https://a.example.com/hook',
      isActive: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
      circuit: { state: 'closed', openedAt: null, nextProbeAt: null, failingSince: null, failedAttemptsInRow: 0 },
      attempts: 4,
      succeededAttempts: 1,
      failedAttempts: 3,
      successRate: 0.25,
      averageResponseTimeMs: 200,
      deliveries: 2,
      failingDeliveries: 1,
      recentFailures: [timedOut, busy503, error500],
    });
    expect(endpoint(b)).toEqual({
      id: b,
      url: 'https://b.example.com/hook',
      isActive: false,
      disabledReason: 'endpoint answered 410 Gone',
      disabledAt: minutesAgo(20).toISOString(),
      consecutiveFailures: 1,
      circuit: { state: 'closed', openedAt: null, nextProbeAt: null, failingSince: null, failedAttemptsInRow: 0 },
      attempts: 2,
      succeededAttempts: 1,
      failedAttempts: 1,
      successRate: 0.5,
      averageResponseTimeMs: 100,
      deliveries: 2,
      failingDeliveries: 1,
      recentFailures: [gone410],
    });
    expect(endpoint(quiet)).toEqual({
      id: quiet,
      url: 'https://quiet.example.com/hook',
      isActive: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
      circuit: { state: 'closed', openedAt: null, nextProbeAt: null, failingSince: null, failedAttemptsInRow: 0 },
      attempts: 0,
      succeededAttempts: 0,
      failedAttempts: 0,
      successRate: null,
      averageResponseTimeMs: null,
      deliveries: 0,
      failingDeliveries: 0,
      recentFailures: [],
    });
  });

  it('keeps the ten most recent failures per endpoint and overall, newest first', async () => {
    const partner = await t.createPartner();
    const scope: PartnerScope = { partnerId: partner.partnerId, environment: 'sandbox' };
    const a = (await registerWebhook(t, partner.sandbox)).id;
    const b = (await registerWebhook(t, partner.sandbox)).id;
    for (let i = 0; i < 12; i++) {
      await insertDelivery(t, scope, a, {
        status: 'FAILED',
        attempts: [{ succeeded: false, responseStatus: 500, error: `a${i}`, createdAt: minutesAgo(2 * i + 1) }],
      });
      await insertDelivery(t, scope, b, {
        status: 'FAILED',
        attempts: [{ succeeded: false, responseStatus: 500, error: `b${i}`, createdAt: minutesAgo(2 * i + 2) }],
      });
    }
    const body = await health(partner);
    const errors = (failures: Array<{ error: string }>) => failures.map((f) => f.error);
    expect(errors(body.overall.recentFailures)).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2', 'a3', 'b3', 'a4', 'b4']);
    expect(errors(body.endpoints.find((e: { id: string }) => e.id === a).recentFailures)).toEqual(
      Array.from({ length: 10 }, (_, i) => `a${i}`),
    );
    expect(body.overall).toMatchObject({ attempts: 24, successRate: 0, failingDeliveries: 24 });
  });
});
