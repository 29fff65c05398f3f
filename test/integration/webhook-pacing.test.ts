import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTestEvent } from '../support/delivery-fixtures.js';
import { eventually } from '../support/delivery-waits.js';
import { testWebhookSettings } from '../support/activity-deps.js';
import { envelopeOf, type ReceivedRequest } from '../support/webhook-receiver.js';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';

// Retries a second apart, so a receiver's refusals cost seconds, not the production half minute.
const quickRetries = {
  ...testWebhookSettings,
  retry: { initialIntervalSeconds: 1, maximumIntervalSeconds: 2, windowHours: 24 },
};

describe('ordered endpoints and per-endpoint rate limits, over the real Temporal dev server and loopback receivers', () => {
  let w: WebhookStack;
  beforeAll(async () => {
    w = await startWebhookStack(quickRetries);
  });
  afterAll(async () => w.close());

  const db = () => w.t.database.db;
  const partnerId = () => w.partner.partnerId;
  const eventsOf = (requests: ReceivedRequest[], type: string) =>
    requests.filter((request) => envelopeOf(request).type === type);

  async function recordEvents(type: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < count; n++) ids.push(await recordTestEvent(db(), partnerId(), type, { data: { n } }));
    return ids;
  }

  it('never starts more requests in a calendar second than maxDeliveriesPerSecond, and delivers a backlog of 30 in full', async () => {
    const receiver = await w.receiver();
    const perSecond = 5;
    await w.register({ url: receiver.url(), eventTypes: ['user.created'], maxDeliveriesPerSecond: perSecond });
    const eventIds = await recordEvents('user.created', 30);
    await w.control.dispatchPending();

    await eventually(
      async () => (eventsOf(receiver.requests, 'user.created').length >= eventIds.length ? true : undefined),
      'the whole backlog',
      60_000,
    );
    const received = eventsOf(receiver.requests, 'user.created').map((request) => envelopeOf(request).id);
    expect(received.toSorted()).toEqual(eventIds.toSorted());
    // Every request the endpoint got, the registration ping included, counted per second of arrival.
    const perCalendarSecond = new Map<number, number>();
    for (const request of receiver.requests) {
      const second = Math.floor(request.receivedAt / 1000);
      perCalendarSecond.set(second, (perCalendarSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perCalendarSecond.values())).toBeLessThanOrEqual(perSecond);
    const times = receiver.requests.map((request) => request.receivedAt);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(
      ((receiver.requests.length - 1) / perSecond) * 1000 - 50,
    );
    // The last answer is recorded just after the receiver sees its request.
    await eventually(async () => {
      const statuses = await db()
        .selectFrom('webhook_deliveries')
        .select('status')
        .where('event_id', 'in', eventIds)
        .execute();
      return statuses.length === eventIds.length && statuses.every((row) => row.status === 'DELIVERED')
        ? true
        : undefined;
    }, 'every delivery DELIVERED');
  }, 90_000);

  it('starts the deliveries of an ordered endpoint one at a time, in order, each after the previous one ended, under retries', async () => {
    const receiver = await w.receiver();
    // Every third event is refused at its first attempt: a later event must not overtake its retry.
    const refusedOnce = new Set<string>();
    receiver.respond((request) => {
      const envelope = envelopeOf(request);
      if (envelope.type !== 'user.upgraded' || Number(envelope.data.n) % 3 !== 1 || refusedOnce.has(envelope.id))
        return { status: 200 };
      refusedOnce.add(envelope.id);
      return { status: 500 };
    });
    const endpoint = await w.register({ url: receiver.url(), eventTypes: ['user.upgraded'], ordered: true });
    const eventIds = await recordEvents('user.upgraded', 12);
    await w.control.dispatchPending();

    await eventually(
      async () => {
        const rows = await db()
          .selectFrom('webhook_deliveries')
          .select('status')
          .where('endpoint_id', '=', endpoint.id)
          .where('event_id', 'in', eventIds)
          .execute();
        return rows.length === eventIds.length && rows.every((row) => row.status === 'DELIVERED') ? true : undefined;
      },
      'every ordered delivery',
      60_000,
    );
    const inOrder = await db()
      .selectFrom('webhook_deliveries')
      .select(['event_id', 'delivery_sequence'])
      .where('endpoint_id', '=', endpoint.id)
      .where('event_id', 'in', eventIds)
      .orderBy('delivery_sequence')
      .execute();
    expect(inOrder.every((row) => row.delivery_sequence !== null)).toBe(true);
    // What the receiver must have seen: each event once, and a refused one again before the next.
    const expected = inOrder.flatMap(({ event_id }) =>
      refusedOnce.has(event_id) ? [`${event_id} 500`, `${event_id} 200`] : [`${event_id} 200`],
    );
    const seen = eventsOf(receiver.requests, 'user.upgraded').map(
      (request) =>
        `${envelopeOf(request).id} ${refusedOnce.has(envelopeOf(request).id) && !seenBefore(receiver.requests, request) ? 500 : 200}`,
    );
    expect(refusedOnce.size).toBe(4);
    expect(seen).toEqual(expected);
  }, 90_000);
});

/** Whether an earlier request carried the same event (so this one is its retry). */
function seenBefore(requests: ReceivedRequest[], request: ReceivedRequest): boolean {
  const id = envelopeOf(request).id;
  return requests.slice(0, requests.indexOf(request)).some((earlier) => envelopeOf(earlier).id === id);
}
