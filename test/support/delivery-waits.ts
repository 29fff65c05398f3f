import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, WebhookDelivery } from '../../src/db/schema.js';
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
  const result = await client.workflow.getHandle<typeof deliverWebhook>(started.workflow_id).result();
  return { result, delivery: (await findDelivery(db, endpointId, eventId))! };
}
