import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, WebhookDelivery } from '../../src/db/schema.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import type { deliverEvent } from '../../workflows/deliver-event.js';
import type { DeliverWebhookResult, deliverWebhook } from '../../workflows/deliver-webhook.js';

/** Polls until `probe` yields a value; for state other processes (workers, background dispatch) write. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function findDelivery(db: Kysely<Database>, endpointId: string, eventId: string) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

/** Waits for the delivery's workflow to exist, then for its result, and returns both with the row as it ended. */
export async function settledDelivery(
  db: Kysely<Database>,
  client: Client,
  endpointId: string,
  eventId: string,
): Promise<{ result: DeliverWebhookResult; delivery: WebhookDelivery }> {
  const started = await eventually(async () => {
    const delivery = await findDelivery(db, endpointId, eventId);
    return delivery?.workflow_started_at ? delivery : undefined;
  }, `the delivery of ${eventId} to ${endpointId} to start`);
  const result = await deliveryResult(client, started);
  return { result, delivery: (await findDelivery(db, endpointId, eventId))! };
}

/**
 * How a delivery's current run ended: in its event's workflow when the first attempt ended it there,
 * else in its own workflow (started from the first attempt, or by the event's workflow, or a re-delivery).
 */
export async function deliveryResult(
  client: Client,
  delivery: Pick<WebhookDelivery, 'id' | 'workflow_id' | 'endpoint_id' | 'event_id'>,
): Promise<DeliverWebhookResult> {
  if (delivery.workflow_id === workflowIds.delivery(delivery.endpoint_id, delivery.event_id)) {
    try {
      const event = await client.workflow
        .getHandle<typeof deliverEvent>(workflowIds.eventDelivery(delivery.event_id))
        .result();
      const ended = event.deliveries.find((each) => each.deliveryId === delivery.id);
      if (ended && ended.status !== 'CONTINUED') return { deliveryId: delivery.id, status: ended.status };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return client.workflow.getHandle<typeof deliverWebhook>(delivery.workflow_id).result();
}

/** deliveryResult by endpoint and event, once the delivery's row exists. */
export async function deliveryResultOf(db: Kysely<Database>, client: Client, endpointId: string, eventId: string) {
  const delivery = await eventually(() => findDelivery(db, endpointId, eventId), `the delivery of ${eventId}`);
  return deliveryResult(client, delivery);
}
