import { describe, expect, it } from 'vitest';
import type { WebhookSettings } from '../../src/webhooks/webhook-settings.js';
import { testWebhookSettings } from '../support/activity-deps.js';
import { deliveriesOf, insertEndpoint, insertTestPartner, recordTestEvent } from '../support/delivery-fixtures.js';
import { deliveryResultOf, eventually, settledDelivery } from '../support/delivery-waits.js';
import { timeSkippingDeliveries } from '../support/time-skipping-deliveries.js';

// The endpoint circuit on the time-skipping server, with real activities on PostgreSQL and real
// loopback receivers stamped with the server's virtual time, across whole retry windows.
const hour = 3600;
const day = 24 * hour;

/** The production schedule's shape: 30 s doubling to 6 h, over a window of days. */
function settingsWith(overrides: Partial<WebhookSettings> & { windowHours: number }): WebhookSettings {
  const { windowHours, ...rest } = overrides;
  return { ...testWebhookSettings, retry: { ...testWebhookSettings.retry, windowHours }, ...rest };
}

// A recovered backlog reaches the receiver at once, and on a busy machine its answers (each reads the
// test server's clock) can take over the usual 2 s: an attempt that timed out after it arrived is sent
// again, as at-least-once delivery must, and the receiver counts it twice. The tests that count each
// event once give the receiver longer; timeouts are not their subject.
const backlogTimeoutMs = 30_000;

const stack = timeSkippingDeliveries();
const { virtualReceiver, deliveryEngine } = stack;

/** How the delivery of this event to this endpoint ended, in the event's workflow or its own. */
const resultOf = (endpointId: string, eventId: string) =>
  deliveryResultOf(stack.db, stack.env.client, endpointId, eventId);

async function recordEvents(partnerId: string, count: number): Promise<string[]> {
  const events: string[] = [];
  for (let i = 0; i < count; i++) events.push(await recordTestEvent(stack.db, partnerId));
  return events;
}

const resultsOf = (endpointId: string, events: string[]) =>
  Promise.all(events.map((eventId) => resultOf(endpointId, eventId)));

async function attemptsTo(endpointId: string) {
  return stack.db
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .select(['a.delivery_id', 'a.succeeded', 'a.created_at'])
    .where('d.endpoint_id', '=', endpointId)
    .execute();
}

const endpointRow = (id: string) =>
  stack.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Seconds after the first failure at which the probe attempts: 30 s doubling, then every 6 h. */
function probeSchedule(untilSeconds: number): number[] {
  const times = [0];
  for (let attempt = 1; ; attempt++) {
    const next = times.at(-1)! + Math.min(30 * 2 ** (attempt - 1), 6 * hour);
    if (next > untilSeconds) return times;
    times.push(next);
  }
}

describe('an endpoint circuit on the time-skipping server', () => {
  it('a refusing receiver with a backlog costs one attempt at a time; after it recovers every delivery is DELIVERED once', async () => {
    const engine = deliveryEngine(settingsWith({ windowHours: 7 * 24, timeoutMs: backlogTimeoutMs }));
    const partnerId = await insertTestPartner(stack.db);
    const receiver = await virtualReceiver();
    await receiver.refuseConnections();
    const endpoint = await insertEndpoint(stack.db, partnerId, { url: receiver.url() });
    const events = await recordEvents(partnerId, 40);

    const results = await engine.run(async () => {
      await engine.control.dispatchPending();
      await stack.env.sleep(2 * hour * 1000);
      const during = await attemptsTo(endpoint.id);
      const open = await endpointRow(endpoint.id);
      const parked = (await deliveriesOf(stack.db, endpoint.id)).filter((delivery) => delivery.parked_at !== null);
      await receiver.acceptConnections();
      return { results: await resultsOf(endpoint.id, events), during, open, parked };
    });

    // During the outage: at most one refused attempt per delivery (those in flight when the circuit
    // opened), then only the probe, on its backoff: 30 s doubling, 8 attempts in two hours.
    const perDelivery = new Map<string, unknown[]>();
    for (const attempt of results.during)
      perDelivery.set(attempt.delivery_id, [...(perDelivery.get(attempt.delivery_id) ?? []), attempt]);
    const probeId = results.open.circuit_probe_delivery_id!;
    expect(results.open).toMatchObject({ is_active: true, circuit_probe_delivery_id: expect.any(String) });
    expect(results.open.circuit_opened_at).not.toBeNull();
    expect(results.open.circuit_next_probe_at!.getTime()).toBeGreaterThan(results.open.circuit_opened_at!.getTime());
    expect(perDelivery.get(probeId)).toHaveLength(probeSchedule(2 * hour).length);
    for (const [deliveryId, attempts] of perDelivery) if (deliveryId !== probeId) expect(attempts.length).toBe(1);
    expect(results.during.length).toBeLessThanOrEqual(events.length + probeSchedule(2 * hour).length);
    expect(results.parked.length).toBe(events.length - 1);

    // After: the probe's next attempt (2 h 7 min 30 s) succeeded and woke the backlog.
    expect(results.results.map((result) => result.status)).toEqual(events.map(() => 'DELIVERED'));
    const received = receiver.requests.map((request) => JSON.parse(request.body).id as string);
    expect(received.toSorted()).toEqual(events.toSorted());
    const deliveries = await deliveriesOf(stack.db, endpoint.id);
    expect(deliveries.every((delivery) => delivery.status === 'DELIVERED' && delivery.parked_at === null)).toBe(true);
    const successes = (await attemptsTo(endpoint.id)).filter((attempt) => attempt.succeeded);
    expect(successes).toHaveLength(events.length);
    expect(await endpointRow(endpoint.id)).toMatchObject({
      circuit_opened_at: null,
      circuit_probe_delivery_id: null,
      failing_since: null,
      failed_attempts_in_row: 0,
    });
  });

  it('holds deliveries dispatched while the circuit is open with no workflow, then starts them: the oldest as the next probe, the rest when it succeeds', async () => {
    const engine = deliveryEngine(
      settingsWith({ windowHours: 1, timeoutMs: backlogTimeoutMs, disableAfterConsecutiveFailures: 100 }),
    );
    const partnerId = await insertTestPartner(stack.db);
    const receiver = await virtualReceiver();
    const start = await stack.env.currentTimeMs();
    receiver.respond((request) => (request.receivedAt < start + hour * 1000 ? { status: 500 } : { status: 200 }));
    const endpoint = await insertEndpoint(stack.db, partnerId, { url: receiver.url() });
    const early = await recordEvents(partnerId, 6);

    const results = await engine.run(async () => {
      await engine.control.dispatchPending();
      await eventually(
        async () => (await endpointRow(endpoint.id)).circuit_opened_at ?? undefined,
        'the circuit to open',
      );
      await stack.env.sleep(5 * 60 * 1000);
      const late = await recordEvents(partnerId, 2);
      await engine.control.dispatchPending();
      const held = (await deliveriesOf(stack.db, endpoint.id)).filter((delivery) => late.includes(delivery.event_id));
      const heldWorkflows = await Promise.all(
        held.map((delivery) =>
          stack.env.client.workflow
            .getHandle(delivery.workflow_id)
            .describe()
            .then(
              () => 'exists',
              () => 'none',
            ),
        ),
      );
      // The probe's window ends with the endpoint still failing, and the parked ones' with it.
      const earlyResults = await resultsOf(endpoint.id, early);
      // The probe first: time skips only while a workflow's result is awaited.
      const probeId = (await endpointRow(endpoint.id)).circuit_probe_delivery_id;
      const order = held.toSorted((a, b) => Number(b.id === probeId) - Number(a.id === probeId));
      const lateResults = [];
      for (const delivery of order)
        lateResults.push(await settledDelivery(stack.db, stack.env.client, endpoint.id, delivery.event_id));
      return { held, heldWorkflows, earlyResults, lateResults };
    });

    expect(results.held).toHaveLength(2);
    for (const delivery of results.held) {
      expect(delivery).toMatchObject({ status: 'PENDING', workflow_started_at: null, attempt_count: 0 });
      expect(delivery.parked_at).not.toBeNull();
    }
    expect(results.heldWorkflows).toEqual(['none', 'none']);
    expect(results.earlyResults.map((result) => result.status)).toEqual(early.map(() => 'FAILED'));
    // The first held delivery became the probe and went on until the receiver answered; the other
    // was held until then, and both were delivered once.
    expect(results.lateResults.map(({ result }) => result.status)).toEqual(['DELIVERED', 'DELIVERED']);
    const [probe, released] = results.lateResults.map(({ delivery }) => delivery);
    expect(probe!.attempt_count).toBeGreaterThan(1);
    expect(released!.attempt_count).toBe(1);
    const delivered = receiver.requests.filter((request) => request.receivedAt >= start + hour * 1000);
    expect(delivered.map((request) => JSON.parse(request.body).id).toSorted()).toEqual(
      results.held.map((delivery) => delivery.event_id).toSorted(),
    );
    expect(await endpointRow(endpoint.id)).toMatchObject({ circuit_opened_at: null, circuit_probe_delivery_id: null });
  });

  it('disables an endpoint that fails for five days, saying which rule and since when, and cancels its parked deliveries', async () => {
    const engine = deliveryEngine(settingsWith({ windowHours: 7 * 24, disableAfterFailingHours: 5 * 24 }));
    const partnerId = await insertTestPartner(stack.db);
    const [down, other] = [await virtualReceiver(), await virtualReceiver()];
    down.respond(() => ({ status: 500 }));
    const failing = await insertEndpoint(stack.db, partnerId, { url: down.url(), eventTypes: ['user.created'] });
    const told = await insertEndpoint(stack.db, partnerId, {
      url: other.url(),
      eventTypes: ['webhook_endpoint.disabled'],
    });
    const events = await recordEvents(partnerId, 6);

    const results = await engine.run(async () => {
      await engine.control.dispatchPending();
      const cancelled = await resultsOf(failing.id, events);
      // The notice's own delivery finishes before the worker stops, or the test server's clock stalls on it.
      const notice = await stack.db
        .selectFrom('events')
        .select('id')
        .where('partner_id', '=', partnerId)
        .where('type', '=', 'webhook_endpoint.disabled')
        .executeTakeFirstOrThrow();
      expect((await resultOf(told.id, notice.id)).status).toBe('DELIVERED');
      return cancelled;
    });

    expect(results.map((result) => result.status)).toEqual(events.map(() => 'CANCELLED'));
    const endpoint = await endpointRow(failing.id);
    const firstFailure = down.requests[0]!.receivedAt;
    // The probe's 30th attempt, 122 h 31 min 30 s after the first failure, is the first at or past 120 h.
    const schedule = probeSchedule(5 * day + 6 * hour);
    const disablingAttempt = schedule.find((seconds) => seconds >= 5 * day)!;
    expect(disablingAttempt).toBe(441_090);
    expect(endpoint).toMatchObject({
      is_active: false,
      disabled_reason: 'disabled after failing for 120 hours without a successful attempt',
    });
    // Within a minute: the test server's clock runs on in real time between skips, more so on a
    // loaded machine; the attempts either side are hours away.
    expect(Math.abs(endpoint.failing_since!.getTime() - firstFailure)).toBeLessThan(60_000);
    expect(Math.abs(endpoint.disabled_at!.getTime() - firstFailure - disablingAttempt * 1000)).toBeLessThan(60_000);
    // Five days of failure cost the first attempt of each delivery and one probe on its schedule.
    expect(down.requests.length).toBeLessThanOrEqual(events.length + schedule.indexOf(disablingAttempt) + 1);
    const notice = await stack.db
      .selectFrom('events')
      .select('data')
      .where('partner_id', '=', partnerId)
      .where('type', '=', 'webhook_endpoint.disabled')
      .executeTakeFirstOrThrow();
    expect(notice.data).toMatchObject({
      webhookId: failing.id,
      rule: 'failing_for',
      since: endpoint.failing_since!.toISOString(),
      disabledAt: endpoint.disabled_at!.toISOString(),
    });
    expect((await deliveriesOf(stack.db, failing.id)).map((delivery) => delivery.status)).toEqual(
      events.map(() => 'CANCELLED'),
    );
  });

  it('keeps a backlog parked for six days and delivers it, once each, when the receiver comes back inside the seven-day window', async () => {
    const engine = deliveryEngine(
      settingsWith({ windowHours: 7 * 24, disableAfterFailingHours: 8 * 24, timeoutMs: backlogTimeoutMs }),
    );
    const partnerId = await insertTestPartner(stack.db);
    const receiver = await virtualReceiver();
    const start = await stack.env.currentTimeMs();
    receiver.respond((request) => (request.receivedAt < start + 6 * day * 1000 ? { status: 500 } : { status: 200 }));
    const endpoint = await insertEndpoint(stack.db, partnerId, { url: receiver.url() });
    const events = await recordEvents(partnerId, 8);

    const results = await engine.run(async () => {
      await engine.control.dispatchPending();
      return resultsOf(endpoint.id, events);
    });

    expect(results.map((result) => result.status)).toEqual(events.map(() => 'DELIVERED'));
    const delivered = receiver.requests.filter((request) => request.receivedAt >= start + 6 * day * 1000);
    expect(delivered.map((request) => JSON.parse(request.body).id).toSorted()).toEqual(events.toSorted());
    // The probe's first attempt after six days (146 h 31 min 30 s) was the first success.
    const recoveredAt = (delivered[0]!.receivedAt - receiver.requests[0]!.receivedAt) / 1000;
    expect(
      Math.abs(recoveredAt - probeSchedule(6 * day + 6 * hour).find((seconds) => seconds >= 6 * day)!),
    ).toBeLessThan(30);
    expect(receiver.requests.length - delivered.length).toBeLessThanOrEqual(
      events.length + probeSchedule(6 * day).length,
    );
  });

  it('fails parked deliveries when the window ends with the endpoint still failing, and counts them towards N failed deliveries', async () => {
    const engine = deliveryEngine(
      settingsWith({ windowHours: 7 * 24, disableAfterFailingHours: 30 * 24, disableAfterConsecutiveFailures: 3 }),
    );
    const partnerId = await insertTestPartner(stack.db);
    const receiver = await virtualReceiver();
    receiver.respond(() => ({ status: 500 }));
    const endpoint = await insertEndpoint(stack.db, partnerId, { url: receiver.url() });
    const events = await recordEvents(partnerId, 3);

    const results = await engine.run(async () => {
      await engine.control.dispatchPending();
      return resultsOf(endpoint.id, events);
    });

    expect(results.map((result) => result.status)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    const row = await endpointRow(endpoint.id);
    expect(row).toMatchObject({
      is_active: false,
      consecutive_failures: 3,
      disabled_reason: 'disabled after 3 consecutive failed deliveries',
    });
    const notice = await stack.db
      .selectFrom('events')
      .select('data')
      .where('partner_id', '=', partnerId)
      .where('type', '=', 'webhook_endpoint.disabled')
      .executeTakeFirstOrThrow();
    expect(notice.data).toMatchObject({
      rule: 'consecutive_failed_deliveries',
      since: row.failing_since!.toISOString(),
    });
    // Nothing attempted past the window: the last request came before seven days.
    const span = (receiver.requests.at(-1)!.receivedAt - receiver.requests[0]!.receivedAt) / 1000;
    expect(span).toBeLessThanOrEqual(7 * day);
    expect(receiver.requests.length).toBeLessThanOrEqual(events.length * 2 + probeSchedule(7 * day).length);
  });
});
