import { createHash } from 'node:crypto';
import { sql, type Expression, type Kysely, type Transaction } from 'kysely';
import type { Database, Environment } from '../db/schema.js';
import { newId } from '../ids.js';
import { isReceiving } from './endpoints/receiving-endpoint.js';

export interface NewEvent {
  partnerId: string;
  environment: Environment;
  type: string;
  data: Record<string, unknown>;
  requestId?: string | null;
  /** For writes that may be retried after commit: the same key records the event only once. */
  idempotencyKey?: string;
  /** A ping or test event for one endpoint only. */
  targetEndpointId?: string;
}

/** An event a workflow reports (the recordEvent activity): keyed, so a retry after commit records nothing twice. */
export type RecordEventInput = NewEvent & { idempotencyKey: string };

function eventIdFor(idempotencyKey: string): string {
  return `evt_${BigInt(`0x${createHash('sha256').update(idempotencyKey).digest('hex')}`)
    .toString(36)
    .slice(0, 20)}`;
}

const eventRow = (id: string, event: NewEvent) => ({
  id,
  partner_id: event.partnerId,
  environment: event.environment,
  type: event.type,
  data: JSON.stringify(event.data),
  request_id: event.requestId ?? null,
  target_endpoint_id: event.targetEndpointId ?? null,
});

/**
 * An event's `dispatched_at` as it is written: null for the dispatch pass when an active endpoint
 * of its partner and environment could receive it, else now, as the pass would find no endpoint
 * for it either. An endpoint registered after the write receives later events, as one registered
 * after a pass does.
 */
export function dispatchedUnlessReceivable(partnerId: Expression<string>, environment: Expression<string>) {
  return sql<Date | null>`case when exists (
    select 1 from webhook_endpoints w
    where w.partner_id = ${partnerId} and w.environment = ${environment} and ${isReceiving('w')}
  ) then null else now() end`;
}

/** Writes an event inside the caller's transaction, so it exists exactly when the change does. */
export async function recordEvent(trx: Transaction<Database> | Kysely<Database>, event: NewEvent): Promise<string> {
  const id = event.idempotencyKey === undefined ? newId('evt') : eventIdFor(event.idempotencyKey);
  await trx
    .insertInto('events')
    .values({
      ...eventRow(id, event),
      dispatched_at: dispatchedUnlessReceivable(sql.val(event.partnerId), sql.val(event.environment)),
    })
    .$if(event.idempotencyKey !== undefined, (q) => q.onConflict((oc) => oc.column('id').doNothing()))
    .execute();
  return id;
}

/** Rows of new events, each with a new id, for a statement that writes them along with the change they report. */
export function newEventRows(events: Array<Omit<NewEvent, 'idempotencyKey'>>) {
  return events.map((event) => eventRow(newId('evt'), event));
}
