import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, EventRow } from '../../db/schema.js';
import { newId } from '../../ids.js';
import { isReceiving } from '../endpoints/receiving-endpoint.js';
import { workflowIds } from '../../temporal/contract/workflow-ids.js';
import { eventEnvelope } from './event-envelope.js';
import { endpointsFor } from './match-endpoints.js';
import { numberOrderedDeliveries } from './delivery-sequence.js';

type Db = Transaction<Database> | Kysely<Database>;

const dispatchedColumns = [
  'id',
  'partner_id',
  'environment',
  'type',
  'data',
  'created_at',
  'target_endpoint_id',
] as const;
/** What dispatching an event reads of it: who receives it, and its envelope. */
export type DispatchedEvent = Pick<EventRow, (typeof dispatchedColumns)[number]>;

/**
 * The oldest events not yet dispatched, oldest first, locked so that concurrent dispatchers take
 * different ones and marked dispatched in the same statement: the caller records their deliveries
 * (insertDeliveries) in the same transaction.
 */
export async function claimUndispatchedEvents(trx: Transaction<Database>, limit: number): Promise<DispatchedEvent[]> {
  return trx
    .with('claimed', (db) =>
      db
        .updateTable('events')
        .set({ dispatched_at: sql`now()` })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('events')
            .select('id')
            .where('dispatched_at', 'is', null)
            .orderBy('created_at')
            .orderBy('id')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .returning(dispatchedColumns),
    )
    .selectFrom('claimed')
    .select(dispatchedColumns)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Creates one PENDING delivery per (event, subscribed endpoint) and marks the events dispatched,
 * in the caller's transaction. The unique (endpoint, event) pair makes a repeat a no-op.
 */
export async function recordDeliveries(trx: Db, events: DispatchedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await insertDeliveries(trx, events);
  await trx
    .updateTable('events')
    .set({ dispatched_at: sql`now()` })
    .where(
      'id',
      'in',
      events.map((event) => event.id),
    )
    .execute();
}

/** Creates one PENDING delivery per (event, subscribed endpoint); a repeat is a no-op (unique pair). */
export async function insertDeliveries(trx: Db, events: DispatchedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'partner_id', 'environment', 'event_types', 'receive_all_events', 'ordered'])
    .where('partner_id', 'in', [...new Set(events.map((event) => event.partner_id))])
    .where(isReceiving('webhook_endpoints'))
    .execute();
  const rows = events.flatMap((event) => {
    const receivers = endpointsFor(event, endpoints);
    // The envelope only for an event some endpoint receives: a partner without endpoints has none.
    if (receivers.length === 0) return [];
    const payload = eventEnvelope(event);
    return receivers.map((endpoint) => ({
      id: newId('dlv'),
      endpoint_id: endpoint.id,
      event_id: event.id,
      partner_id: event.partner_id,
      environment: event.environment,
      event_type: event.type,
      status: 'PENDING' as const,
      payload,
      workflow_id: workflowIds.delivery(endpoint.id, event.id),
      delivery_sequence: null as number | null,
    }));
  });
  if (rows.length > 0) {
    const ordered = new Set(endpoints.filter((endpoint) => endpoint.ordered).map((endpoint) => endpoint.id));
    const numbered = await numberOrderedDeliveries(trx, rows, ordered);
    await trx
      .insertInto('webhook_deliveries')
      .values(numbered)
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
      .execute();
  }
}
