import { sql, type Kysely } from 'kysely';
import type { Database, WebhookDelivery, WebhookEndpoint } from '../../db/schema.js';
import type { AttemptOutcome } from './classify-response.js';
import { recordEndpointOutcome, type CircuitSettings, type EndpointOutcome } from './endpoint-outcome.js';
import type { PostResponse } from './http-post.js';

export interface DeliveryTarget {
  delivery: WebhookDelivery;
  endpoint: WebhookEndpoint;
  /** The Request-Id of the API call that caused the event. */
  requestId: string | null;
}

/** The delivery, and its endpoint with the event's request id, read side by side: one round trip before the send. */
export async function loadDeliveryTarget(db: Kysely<Database>, deliveryId: string): Promise<DeliveryTarget> {
  const [delivery, { request_id: requestId, ...endpoint }] = await Promise.all([
    db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirstOrThrow(),
    db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .innerJoin('events as ev', 'ev.id', 'd.event_id')
      .selectAll('e')
      .select('ev.request_id')
      .where('d.id', '=', deliveryId)
      .executeTakeFirstOrThrow(),
  ]);
  return { delivery, endpoint, requestId };
}

/** Only the run that owns the delivery may close it, and only while it is open. */
export async function cancelDelivery(db: Kysely<Database>, deliveryId: string, workflowId: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'CANCELLED', next_attempt_at: null, updated_at: sql`now()` })
    .where('id', '=', deliveryId)
    .where('workflow_id', '=', workflowId)
    .where('status', 'in', ['PENDING', 'RETRYING'])
    .execute();
}

export interface AttemptRecord {
  target: DeliveryTarget;
  workflowId: string;
  attemptNumber: number;
  at: Date;
  headers: Record<string, string>;
  response: PostResponse | undefined;
  durationMs: number;
  outcome: AttemptOutcome;
  nextAttemptAt: Date | null;
  /** When Temporal scheduled the attempt: the clock the retry schedule, the circuit and the disable rules run on. */
  scheduledAt: Date;
  circuit: CircuitSettings;
}

/**
 * Records one attempt and moves the delivery on (DELIVERED, RETRYING, or FAILED on 410) with the
 * endpoint's failure streak and circuit, in one transaction.
 */
export async function recordAttempt(db: Kysely<Database>, record: AttemptRecord): Promise<EndpointOutcome> {
  const { target, outcome } = record;
  const error = outcome.kind === 'delivered' ? null : outcome.error;
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: target.delivery.id,
        attempt_number: record.attemptNumber,
        request_headers: JSON.stringify(record.headers),
        response_status: record.response?.status ?? null,
        response_body: record.response?.body ?? null,
        duration_ms: record.durationMs,
        error,
        succeeded: outcome.kind === 'delivered',
        created_at: record.at,
      })
      .execute();
    const delivered = outcome.kind === 'delivered';
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status: delivered ? 'DELIVERED' : outcome.kind === 'gone' ? 'FAILED' : 'RETRYING',
        attempt_count: sql`attempt_count + 1`,
        last_error: error,
        last_response_status: record.response?.status ?? null,
        next_attempt_at: record.nextAttemptAt,
        parked_at: null,
        updated_at: sql`now()`,
        ...(delivered ? { delivered_at: record.at } : {}),
      })
      .where('id', '=', target.delivery.id)
      .where('workflow_id', '=', record.workflowId)
      // A delivery cancelled while its request was in flight did arrive: the record says so.
      .where('status', 'in', delivered ? ['PENDING', 'RETRYING', 'CANCELLED'] : ['PENDING', 'RETRYING'])
      .execute();
    return recordEndpointOutcome(trx, record.circuit, {
      endpointId: target.endpoint.id,
      deliveryId: target.delivery.id,
      outcome,
      at: record.scheduledAt,
      nextAttemptAt: record.nextAttemptAt,
    });
  });
}
