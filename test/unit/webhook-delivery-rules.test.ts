import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/security/secret-box.js';
import { classifyResponse } from '../../src/webhooks/delivery/classify-response.js';
import { deliveryHeaders } from '../../src/webhooks/delivery/delivery-headers.js';
import {
  backoffMs,
  nextAttemptAt,
  resumedPolicy,
  sendWebhookOptions,
  type DeliveryPolicy,
} from '../../src/webhooks/delivery/delivery-policy.js';
import { retryAfterMs } from '../../src/webhooks/delivery/retry-after.js';
import { signingSecrets } from '../../src/webhooks/delivery/signing-secrets.js';
import { eventEnvelope } from '../../src/webhooks/dispatch/event-envelope.js';
import { endpointsFor, type EndpointSubscription } from '../../src/webhooks/dispatch/match-endpoints.js';

const policy: DeliveryPolicy = {
  timeoutMs: 10_000,
  initialIntervalSeconds: 30,
  maximumIntervalSeconds: 6 * 3600,
  windowHours: 24,
};

describe('the retry schedule', () => {
  it('doubles from 30 s up to the 6 h cap', () => {
    expect([1, 2, 3, 9, 10, 11, 12].map((attempt) => backoffMs(policy, attempt) / 1000)).toEqual([
      30, 60, 120, 7680, 15_360, 21_600, 21_600,
    ]);
  });

  it('is handed to Temporal as one retry policy with the window as schedule-to-close', () => {
    expect(sendWebhookOptions(policy)).toEqual({
      startToCloseTimeout: 20_000,
      scheduleToCloseTimeout: 24 * 3600_000,
      retry: { initialInterval: 30_000, backoffCoefficient: 2, maximumInterval: 21_600_000 },
    });
  });

  it('goes on with the same schedule and window after a call held back by a gate', () => {
    // Three attempts made and 5 s of the window left: the next retry waits what a fourth failure's would.
    expect(sendWebhookOptions(policy, { attemptsBefore: 3, windowLeftMs: 5000 })).toEqual({
      startToCloseTimeout: 20_000,
      scheduleToCloseTimeout: 5000,
      retry: { initialInterval: 240_000, backoffCoefficient: 2, maximumInterval: 21_600_000 },
    });
    expect(sendWebhookOptions(policy, { attemptsBefore: 0, windowLeftMs: null })).toEqual(sendWebhookOptions(policy));
  });

  it('knows when the next attempt runs, and that none does once it would fall past the window', () => {
    const clock = { scheduledAtMs: 1_000_000, windowEndsAtMs: 1_000_000 + 24 * 3600_000 };
    expect(nextAttemptAt(policy, 3, clock, 250)).toEqual(new Date(1_000_000 + 250 + 120_000));
    expect(nextAttemptAt(policy, 3, clock, 250, 5000)).toEqual(new Date(1_000_000 + 250 + 5000));
    expect(
      nextAttemptAt(
        policy,
        13,
        { scheduledAtMs: clock.windowEndsAtMs - 3600_000, windowEndsAtMs: clock.windowEndsAtMs },
        0,
      ),
    ).toBeNull();
  });
});

describe('a delivery resumed after parking', () => {
  it('starts the schedule afresh for the rest of its window, or probes at the maximum interval', () => {
    const sevenDays: DeliveryPolicy = { ...policy, windowHours: 168 };
    expect(resumedPolicy(sevenDays, false, 3 * 3600_000)).toEqual({ ...sevenDays, windowHours: 3 });
    expect(resumedPolicy(sevenDays, true, 3 * 3600_000)).toEqual({
      ...sevenDays,
      windowHours: 3,
      initialIntervalSeconds: 6 * 3600,
    });
    expect(sendWebhookOptions(resumedPolicy(sevenDays, false, 90 * 60_000)).scheduleToCloseTimeout).toBe(90 * 60_000);
  });
});

describe('what an answer means', () => {
  const now = Date.parse('2026-05-10T09:12:00Z');
  it.each([
    [200, undefined, { kind: 'delivered' }],
    [204, undefined, { kind: 'delivered' }],
    [301, undefined, { kind: 'failed', error: 'HTTP 301: redirects are not followed' }],
    [302, undefined, { kind: 'failed', error: 'HTTP 302: redirects are not followed' }],
    [400, undefined, { kind: 'failed', error: 'HTTP 400' }],
    [410, undefined, { kind: 'gone', error: 'HTTP 410 Gone: the endpoint asked for no more deliveries' }],
    [429, '120', { kind: 'failed', error: 'HTTP 429, Retry-After 120 s', retryAfterMs: 120_000 }],
    [429, undefined, { kind: 'failed', error: 'HTTP 429' }],
    [
      503,
      'Sun, 10 May 2026 10:12:00 GMT',
      { kind: 'failed', error: 'HTTP 503, Retry-After 3600 s', retryAfterMs: 3600_000 },
    ],
    [503, '0', { kind: 'failed', error: 'HTTP 503, Retry-After 1 s', retryAfterMs: 1000 }],
    [503, '9999999', { kind: 'failed', error: 'HTTP 503, Retry-After 21600 s', retryAfterMs: 21_600_000 }],
    [500, '60', { kind: 'failed', error: 'HTTP 500' }],
  ])('%i with Retry-After %s', (status, retryAfter, outcome) => {
    expect(classifyResponse(status, retryAfter, now, policy)).toEqual(outcome);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores anything else', () => {
    expect(retryAfterMs(' 42 ', now)).toBe(42_000);
    expect(retryAfterMs('Sun, 10 May 2026 09:11:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-5', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('delivery headers', () => {
  const base = {
    payload: '{"id":"evt_1"}',
    timestampSeconds: 1_778_404_320,
    secrets: ['whsec_' + 'a'.repeat(64)],
    deliveryId: 'dlv_1',
    eventId: 'evt_1',
    requestId: 'req_1',
    customHeaders: {},
    standardWebhooks: false,
  };

  it('are exactly the spec headers plus the delivery, event and request ids', () => {
    expect(Object.keys(deliveryHeaders(base))).toEqual([
      'Content-Type',
      'User-Agent',
      'X-SIR-Signature',
      'X-SIR-Timestamp',
      'X-SIR-Delivery-Id',
      'X-SIR-Event-Id',
      'Request-Id',
    ]);
    expect(deliveryHeaders({ ...base, requestId: null })['Request-Id']).toBeUndefined();
    expect(Object.keys(deliveryHeaders({ ...base, standardWebhooks: true }))).toEqual(
      expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']),
    );
  });

  it('carry one signature per secret, space separated', () => {
    const two = deliveryHeaders({
      ...base,
      secrets: [...base.secrets, 'whsec_' + 'b'.repeat(64)],
      standardWebhooks: true,
    });
    expect(two['X-SIR-Signature']).toMatch(/^sha256=[0-9a-f]{64} sha256=[0-9a-f]{64}$/);
    expect(two['webhook-signature']!.split(' ')).toHaveLength(2);
  });

  it('keep valid custom headers and drop reserved or malformed ones, whatever their case', () => {
    const headers = deliveryHeaders({
      ...base,
      customHeaders: {
        'X-Tenant': 'prod',
        'x-sir-timestamp': '1',
        'CONTENT-TYPE': 'text/plain',
        'Webhook-Signature': 'v1,x',
        host: 'evil',
        'Bad Name': 'x',
        'X-Split': 'a\r\nInjected: 1',
      },
    });
    expect(headers).toMatchObject({
      'X-Tenant': 'prod',
      'Content-Type': 'application/json',
      'X-SIR-Timestamp': '1778404320',
    });
    expect(Object.keys(headers).filter((name) => !/^(X-SIR-|Content-Type|User-Agent|Request-Id)/.test(name))).toEqual([
      'X-Tenant',
    ]);
  });
});

describe('dispatch rules', () => {
  const endpoint = (id: string, overrides: Partial<EndpointSubscription> = {}): EndpointSubscription => ({
    id,
    partner_id: 'ptn_1',
    environment: 'sandbox',
    event_types: ['action.completed'],
    receive_all_events: false,
    ...overrides,
  });
  const event = {
    partner_id: 'ptn_1',
    environment: 'sandbox' as const,
    type: 'action.completed',
    data: {},
    target_endpoint_id: null,
  };
  const ids = (list: EndpointSubscription[]) => list.map((e) => e.id);

  it("matches the partner's subscribed endpoints of the same environment, wildcards included", () => {
    const endpoints = [
      endpoint('listed'),
      endpoint('other_type', { event_types: ['action.failed'] }),
      endpoint('star', { event_types: ['*'] }),
      endpoint('all', { event_types: [], receive_all_events: true }),
      endpoint('production', { environment: 'production' }),
      endpoint('stranger', { partner_id: 'ptn_2' }),
    ];
    expect(ids(endpointsFor(event, endpoints))).toEqual(['listed', 'star', 'all']);
    expect(ids(endpointsFor({ ...event, type: 'a_type.added_later' }, endpoints))).toEqual(['star', 'all']);
  });

  it('sends a targeted event (a ping) to its target only, subscribed or not', () => {
    const endpoints = [
      endpoint('target', { event_types: ['action.failed'] }),
      endpoint('star', { event_types: ['*'] }),
    ];
    expect(
      ids(endpointsFor({ ...event, type: 'partner.status_changed', target_endpoint_id: 'target' }, endpoints)),
    ).toEqual(['target']);
  });

  it('never sends the disabled notice to the endpoint it is about', () => {
    const endpoints = [endpoint('disabled', { event_types: ['*'] }), endpoint('other', { event_types: ['*'] })];
    expect(
      ids(endpointsFor({ ...event, type: 'webhook_endpoint.disabled', data: { webhookId: 'disabled' } }, endpoints)),
    ).toEqual(['other']);
  });

  it('serialises the envelope once, as the spec shows it', () => {
    const created = new Date('2026-05-10T09:12:00Z');
    expect(
      eventEnvelope({ id: 'evt_abc123', type: 'action.completed', created_at: created, data: { actionId: 'act_1' } }),
    ).toBe(
      '{"id":"evt_abc123","type":"action.completed","createdAt":"2026-05-10T09:12:00.000Z","data":{"actionId":"act_1"}}',
    );
  });
});

describe('signing secrets', () => {
  const box = createSecretBox('0'.repeat(64));
  const now = new Date('2026-05-10T09:12:00Z');
  const endpoint = (expiresAt: Date | null) => ({
    secret_encrypted: box.seal('new'),
    previous_secret_encrypted: box.seal('old'),
    previous_secret_expires_at: expiresAt,
  });

  it('add the previous secret only while its grace period lasts', () => {
    expect(signingSecrets(endpoint(new Date(now.getTime() + 1000)), box, now)).toEqual(['new', 'old']);
    expect(signingSecrets(endpoint(now), box, now)).toEqual(['new']);
    expect(signingSecrets({ ...endpoint(null), previous_secret_encrypted: null }, box, now)).toEqual(['new']);
  });
});
