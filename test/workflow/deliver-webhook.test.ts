import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { endpointChanges } from '../../src/webhooks/endpoints/endpoint-changes.js';
import { createWebhookDeliveryService } from '../../src/webhooks/redelivery/delivery-service.js';
import type { deliverWebhook } from '../../workflows/deliver-webhook.js';
import { testWebhookSettings } from '../support/activity-deps.js';
import {
  attemptsOf,
  deliveriesOf,
  insertEndpoint,
  insertTestPartner,
  recordTestEvent,
} from '../support/delivery-fixtures.js';
import { deliveryResultOf } from '../support/delivery-waits.js';
import { timeSkippingDeliveries } from '../support/time-skipping-deliveries.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';

// Real activities on PostgreSQL and a real HTTP receiver; the receiver stamps requests with the
// test server's virtual time, so the retry schedule is measured as Temporal runs it.
// Times match within 10 s: the virtual clock also runs in real time between skips, more so on a
// loaded machine, and the schedule's intervals are 30 s and more.
const hour = 3600;
const quietLog = { warn() {} };
const stack = timeSkippingDeliveries();
const { virtualReceiver, deliveryEngine } = stack;

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];
const historyOf = async (workflowId: string) =>
  (await stack.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
/** How many of the history's events carry these attributes (one kind of event each). */
const count = (history: HistoryEvent[], attributes: keyof HistoryEvent) =>
  history.filter((event) => event[attributes]).length;

const resultOf = (workflowId: string) =>
  stack.env.client.workflow.getHandle<typeof deliverWebhook>(workflowId).result();
/** How the delivery of this event to this endpoint ended, in the event's workflow or its own. */
const deliveredTo = (endpointId: string, eventId: string) =>
  deliveryResultOf(stack.db, stack.env.client, endpointId, eventId);
const secondsSinceFirst = (receiver: WebhookReceiver) =>
  receiver.requests.map((request) => (request.receivedAt - receiver.requests[0]!.receivedAt) / 1000);

describe('deliverWebhook on the time-skipping server', () => {
  it("delivers to a healthy endpoint in its event's workflow, in one task, its attempt a local activity", async () => {
    const engine = deliveryEngine();
    const partnerId = await insertTestPartner(stack.db);
    const receiver = await virtualReceiver();
    const endpoint = await insertEndpoint(stack.db, partnerId, { url: receiver.url() });
    const eventId = await recordTestEvent(stack.db, partnerId);
    const workflowId = workflowIds.eventDelivery(eventId);

    const result = await engine.run(async () => {
      await engine.control.dispatchPending();
      return deliveredTo(endpoint.id, eventId);
    });

    expect(result.status).toBe('DELIVERED');
    expect(receiver.requests).toHaveLength(1);
    const history = await historyOf(workflowId);
    expect(count(history, 'workflowTaskCompletedEventAttributes')).toBe(1);
    expect(count(history, 'activityTaskScheduledEventAttributes')).toBe(0);
    expect(count(history, 'startChildWorkflowExecutionInitiatedEventAttributes')).toBe(0);
    // No patch (a new workflow), only the local activity's result.
    expect(history.flatMap((event) => event.markerRecordedEventAttributes?.markerName ?? [])).toEqual([
      'core_local_activity',
    ]);
    await expect(
      stack.env.client.workflow.getHandle(workflowIds.delivery(endpoint.id, eventId)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const [delivery] = await deliveriesOf(stack.db, endpoint.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempt_count: 1 });
    expect(
      (await attemptsOf(stack.db, delivery!.id)).map((a) => [a.attempt_number, a.response_status, a.succeeded]),
    ).toEqual([[1, 200, true]]);
  });

  it('goes on with the retry schedule in regular activities after a failed local first attempt', async () => {
    const engine = deliveryEngine();
    const partnerId = await insertTestPartner(stack.db);
    const receiver = await virtualReceiver();
    receiver.respond(() => (receiver.requests.length <= 2 ? { status: 500 } : { status: 200 }));
    const endpoint = await insertEndpoint(stack.db, partnerId, { url: receiver.url() });
    const eventId = await recordTestEvent(stack.db, partnerId);
    const workflowId = workflowIds.delivery(endpoint.id, eventId);

    const result = await engine.run(async () => {
      await engine.control.dispatchPending();
      return deliveredTo(endpoint.id, eventId);
    });

    expect(result.status).toBe('DELIVERED');
    // The first backoff (30 s) on a timer, then the regular activity's own schedule: +60 s.
    const expected = [0, 30, 90];
    const actual = secondsSinceFirst(receiver);
    expect(actual).toHaveLength(expected.length);
    actual.forEach((seconds, index) => expect(Math.abs(seconds - expected[index]!)).toBeLessThan(3));
    const history = await historyOf(workflowId);
    expect(count(history, 'timerStartedEventAttributes')).toBe(1);
    expect(count(history, 'activityTaskScheduledEventAttributes')).toBe(1);
    const [delivery] = await deliveriesOf(stack.db, endpoint.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempt_count: 3, next_attempt_at: null });
    expect(
      (await attemptsOf(stack.db, delivery!.id)).map((a) => [a.attempt_number, a.response_status, a.succeeded]),
    ).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
  });

  it('keeps retrying a receiver that fails for three hours and delivers at the documented times', async () => {
    const engine = deliveryEngine();
    const partnerId = await insertTestPartner(stack.db);
    const receiver = await virtualReceiver();
    const endpoint = await insertEndpoint(stack.db, partnerId, { url: receiver.url() });
    const recoversAt = (await stack.env.currentTimeMs()) + 3 * hour * 1000;
    receiver.respond((request) =>
      request.receivedAt < recoversAt ? { status: 500, body: 'down for maintenance' } : { status: 200 },
    );
    const eventId = await recordTestEvent(stack.db, partnerId);

    const result = await engine.run(async () => {
      await engine.control.dispatchPending();
      return deliveredTo(endpoint.id, eventId);
    });

    expect(result.status).toBe('DELIVERED');
    // 30 s, doubling: +30 s, +60 s, +2 min, +4 min, +8 min, +16 min, +32 min, +64 min, +128 min, then the
    // tenth attempt (4 h 15 min 30 s) is the first after the three-hour outage. Temporal adds no jitter.
    const expected = [0, 30, 90, 210, 450, 930, 1890, 3810, 7650, 15330];
    const actual = secondsSinceFirst(receiver);
    expect(actual).toHaveLength(expected.length);
    actual.forEach((seconds, index) => expect(Math.abs(seconds - expected[index]!)).toBeLessThan(10));
    expect(new Set(receiver.requests.map((request) => JSON.parse(request.body).id))).toEqual(new Set([eventId]));

    const [delivery] = await deliveriesOf(stack.db, endpoint.id);
    expect(delivery).toMatchObject({
      status: 'DELIVERED',
      attempt_count: 10,
      last_error: null,
      last_response_status: 200,
      next_attempt_at: null,
    });
    const attempts = await attemptsOf(stack.db, delivery!.id);
    expect(attempts.map((a) => [a.attempt_number, a.response_status, a.succeeded])).toEqual(
      expected.map((_, index) => [index + 1, index < 9 ? 500 : 200, index === 9]),
    );
    expect(attempts[0]).toMatchObject({ error: 'HTTP 500', response_body: 'down for maintenance' });
  });

  it('fails deliveries after the window, disables the endpoint after N failed deliveries, and tells only the other endpoints', async () => {
    const engine = deliveryEngine();
    const partnerId = await insertTestPartner(stack.db);
    const [down, healthy] = [await virtualReceiver(), await virtualReceiver()];
    down.respond(() => ({ status: 500 }));
    const failing = await insertEndpoint(stack.db, partnerId, { url: down.url(), eventTypes: ['user.created'] });
    const other = await insertEndpoint(stack.db, partnerId, { url: healthy.url(), receiveAllEvents: true });
    const events: string[] = [];
    for (let i = 0; i < testWebhookSettings.disableAfterConsecutiveFailures; i++)
      events.push(await recordTestEvent(stack.db, partnerId));

    await engine.run(async () => {
      await engine.control.dispatchPending();
      const results = await Promise.all(events.map((eventId) => deliveredTo(failing.id, eventId)));

      // With each delivery's row as it ended: a run that ends otherwise shows how it got there.
      const rowsAsEnded = (await deliveriesOf(stack.db, failing.id)).map(
        ({ event_id, status, attempt_count, last_error, parked_at, workflow_id }) => ({
          event_id,
          status,
          attempt_count,
          last_error,
          parked_at,
          workflow_id,
        }),
      );
      expect(
        results.map((r) => r.status),
        JSON.stringify(rowsAsEnded),
      ).toEqual(['FAILED', 'FAILED', 'FAILED']);
      // The circuit opened at the fifth failed attempt: its delivery went on as the probe, thirteen
      // attempts, the last at 20 h 31 min 30 s (the next, after 6 h, would start past the 24 h window).
      // The others parked; each took over as the probe when the one before failed, for one attempt.
      const failed = await deliveriesOf(stack.db, failing.id);
      const probe = failed.reduce((most, delivery) => (delivery.attempt_count > most.attempt_count ? delivery : most));
      expect(probe).toMatchObject({
        status: 'FAILED',
        attempt_count: 13,
        last_error: 'HTTP 500',
        next_attempt_at: null,
        parked_at: null,
      });
      const perDelivery = down.requests
        .filter((request) => JSON.parse(request.body).id === probe.event_id)
        .map((request) => request.receivedAt);
      expect(perDelivery).toHaveLength(13);
      expect(Math.abs((perDelivery[12]! - perDelivery[0]!) / 1000 - 73_890)).toBeLessThan(10);
      expect(down.requests.length).toBeLessThanOrEqual(13 + 2 * 3);
      expect(failed.every((delivery) => delivery.status === 'FAILED')).toBe(true);

      const endpoint = await stack.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', failing.id)
        .executeTakeFirstOrThrow();
      expect(endpoint).toMatchObject({
        is_active: false,
        disabled_reason: 'disabled after 3 consecutive failed deliveries',
        consecutive_failures: 3,
      });
      const notice = await stack.db
        .selectFrom('events')
        .selectAll()
        .where('partner_id', '=', partnerId)
        .where('type', '=', 'webhook_endpoint.disabled')
        .executeTakeFirstOrThrow();
      expect(notice.data).toMatchObject({
        webhookId: failing.id,
        url: down.url(),
        disabledReason: endpoint.disabled_reason,
        consecutiveFailures: 3,
        rule: 'consecutive_failed_deliveries',
        since: endpoint.failing_since!.toISOString(),
      });
      expect(Math.abs(endpoint.failing_since!.getTime() - down.requests[0]!.receivedAt)).toBeLessThan(10_000);

      const told = await deliveredTo(other.id, notice.id);
      expect(told.status).toBe('DELIVERED');
      expect(healthy.requests.map((request) => JSON.parse(request.body).type)).toContain('webhook_endpoint.disabled');
      expect((await deliveriesOf(stack.db, failing.id)).map((d) => d.event_id)).not.toContain(notice.id);
      expect(down.requests.some((request) => JSON.parse(request.body).id === notice.id)).toBe(false);

      // Re-enabled (the endpoint API's PATCH) and healthy again: a manual retry delivers the probe's event.
      await stack.db
        .updateTable('webhook_endpoints')
        .set({ ...endpointChanges(endpoint, { isActive: true }, new Date()) })
        .where('id', '=', failing.id)
        .execute();
      down.respond(() => ({ status: 200 }));
      const service = createWebhookDeliveryService({
        db: stack.db,
        deliveryControl: engine.control,
        now: () => new Date(),
      });
      const retried = await service.retry({ partnerId, environment: 'sandbox' }, failing.id, probe.id, {
        requestId: 'req_retry',
        log: quietLog,
      });
      expect(retried).toEqual({
        deliveryId: probe.id,
        webhookId: failing.id,
        eventId: probe.event_id,
        status: 'PENDING',
        manualRetry: 1,
      });
      await engine.control.dispatchPending();
      const redelivered = await resultOf(workflowIds.delivery(failing.id, probe.event_id, 1));

      expect(redelivered.status).toBe('DELIVERED');
      const after = await stack.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', probe.id)
        .executeTakeFirstOrThrow();
      expect(after).toMatchObject({
        status: 'DELIVERED',
        manual_retries: 1,
        attempt_count: 14,
        workflow_id: `delivery/${failing.id}/${probe.event_id}/retry-1`,
      });
      expect(JSON.parse(down.requests.at(-1)!.body).id).toBe(probe.event_id);
    });
  });

  it('waits what a 429 or 503 Retry-After asks, bounded by the maximum interval', async () => {
    const engine = deliveryEngine();
    const partnerId = await insertTestPartner(stack.db);
    const receiver = await virtualReceiver();
    const replies = [
      { status: 429, headers: { 'Retry-After': '3600' } },
      { status: 503, headers: { 'Retry-After': String(30 * 24 * hour) } },
      { status: 200 },
    ];
    receiver.respond(() => replies[Math.min(receiver.requests.length - 1, 2)]!);
    const endpoint = await insertEndpoint(stack.db, partnerId, { url: receiver.url() });
    const eventId = await recordTestEvent(stack.db, partnerId);

    const result = await engine.run(async () => {
      await engine.control.dispatchPending();
      return deliveredTo(endpoint.id, eventId);
    });

    expect(result.status).toBe('DELIVERED');
    // One hour as asked, then six hours (the maximum interval) instead of thirty days.
    const expected = [0, hour, hour + 6 * hour];
    secondsSinceFirst(receiver).forEach((seconds, index) =>
      expect(Math.abs(seconds - expected[index]!)).toBeLessThan(10),
    );
    const attempts = await attemptsOf(stack.db, (await deliveriesOf(stack.db, endpoint.id))[0]!.id);
    expect(attempts.map((a) => a.error)).toEqual([
      'HTTP 429, Retry-After 3600 s',
      'HTTP 503, Retry-After 21600 s',
      null,
    ]);
  });
});
