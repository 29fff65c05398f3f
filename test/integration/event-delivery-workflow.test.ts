import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import type { deliverEvent } from '../../workflows/deliver-event.js';
import type { deliverWebhook } from '../../workflows/deliver-webhook.js';
import { testWebhookSettings } from '../support/activity-deps.js';
import {
  attemptsOf,
  deliveriesOf,
  insertEndpoint,
  insertTestPartner,
  recordTestEvent,
} from '../support/delivery-fixtures.js';
import { eventually } from '../support/delivery-waits.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';

// One workflow per event on the real dev server, where visibility and the search attributes exist.
describe("an event's deliveries in one workflow, over the real Temporal dev server", () => {
  let w: WebhookStack;
  beforeAll(async () => {
    // A one-second first backoff, so a failed first attempt is retried within the test.
    w = await startWebhookStack({
      ...testWebhookSettings,
      retry: { ...testWebhookSettings.retry, initialIntervalSeconds: 1 },
    });
  });
  afterAll(async () => w.close());

  const db = () => w.t.database.db;
  const client = () => w.stack.client;
  const eventWorkflow = (eventId: string) =>
    client().workflow.getHandle<typeof deliverEvent>(workflowIds.eventDelivery(eventId));
  const historyOf = async (workflowId: string) =>
    (await client().workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const requestsFor = (receiver: WebhookReceiver, eventId: string) =>
    receiver.requests.filter((request) => JSON.parse(request.body).id === eventId);

  /** The workflow ids visibility lists for a query, once it lists any. */
  async function listed(query: string): Promise<string[]> {
    return eventually(async () => {
      const ids: string[] = [];
      for await (const execution of client().workflow.list({ query })) ids.push(execution.workflowId);
      return ids.length > 0 ? ids.sort() : undefined;
    }, `visibility to list ${query}`);
  }

  async function threeEndpoints() {
    const partnerId = await insertTestPartner(db());
    const receivers = [await w.receiver(), await w.receiver(), await w.receiver()];
    const endpoints = [];
    for (const receiver of receivers) endpoints.push(await insertEndpoint(db(), partnerId, { url: receiver.url() }));
    return { partnerId, receivers, endpoints };
  }

  /** Dispatches what is pending, then waits for the event's workflow to exist and end. */
  async function dispatchedEventResult(eventId: string) {
    await w.control.dispatchPending();
    return eventually(
      () =>
        eventWorkflow(eventId)
          .result()
          .catch(() => undefined),
      "the event's workflow",
    );
  }

  it('delivers a healthy event to three endpoints in one workflow task, with no deliverWebhook', async () => {
    const { partnerId, receivers, endpoints } = await threeEndpoints();
    const eventId = await recordTestEvent(db(), partnerId);

    const result = await dispatchedEventResult(eventId);

    expect(result.deliveries.map((delivery) => delivery.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
    for (const receiver of receivers) expect(requestsFor(receiver, eventId)).toHaveLength(1);
    for (const endpoint of endpoints) {
      const [delivery] = await deliveriesOf(db(), endpoint.id);
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempt_count: 1 });
      await expect(
        client().workflow.getHandle(workflowIds.delivery(endpoint.id, eventId)).describe(),
      ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    const history = await historyOf(workflowIds.eventDelivery(eventId));
    expect(history.filter((event) => event.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(history.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(0);
    expect(history.flatMap((event) => event.markerRecordedEventAttributes?.markerName ?? [])).toEqual([
      'core_local_activity',
      'core_local_activity',
      'core_local_activity',
    ]);
    // Found by any of its endpoints.
    expect(await listed(`SirWebhookIds = '${endpoints[1]!.id}'`)).toEqual([workflowIds.eventDelivery(eventId)]);
  });

  it('goes on alone, in its own deliverWebhook, for the one endpoint of three that failed its first attempt', async () => {
    const { partnerId, receivers, endpoints } = await threeEndpoints();
    const failing = receivers[2]!;
    failing.respond(() => (failing.requests.length === 1 ? { status: 500 } : { status: 200 }));
    const eventId = await recordTestEvent(db(), partnerId);

    const result = await dispatchedEventResult(eventId);
    expect(result.deliveries.map((delivery) => delivery.status)).toEqual(['DELIVERED', 'DELIVERED', 'CONTINUED']);
    const own = workflowIds.delivery(endpoints[2]!.id, eventId);
    expect(await client().workflow.getHandle<typeof deliverWebhook>(own).result()).toMatchObject({
      status: 'DELIVERED',
    });

    expect(requestsFor(receivers[0]!, eventId)).toHaveLength(1);
    expect(requestsFor(receivers[1]!, eventId)).toHaveLength(1);
    expect(requestsFor(failing, eventId)).toHaveLength(2);
    for (const endpoint of endpoints.slice(0, 2)) {
      await expect(
        client().workflow.getHandle(workflowIds.delivery(endpoint.id, eventId)).describe(),
      ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    const [retried] = await deliveriesOf(db(), endpoints[2]!.id);
    expect(retried).toMatchObject({ status: 'DELIVERED', attempt_count: 2, workflow_id: own });
    expect((await attemptsOf(db(), retried!.id)).map((a) => [a.attempt_number, a.response_status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    // The failing endpoint's id finds both: the event's workflow and the delivery's own.
    expect(await listed(`SirWebhookId = '${endpoints[2]!.id}'`)).toEqual([own]);
    expect(await listed(`SirWebhookIds = '${endpoints[2]!.id}'`)).toEqual([workflowIds.eventDelivery(eventId)]);
  });
});
