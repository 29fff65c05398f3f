import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Environment } from '../../db/schema.js';

/** A delivery whose workflow must be started, with what the start records for operators. */
export interface DeliveryToStart {
  id: string;
  workflowId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  partnerId: string;
  environment: Environment;
  url: string;
  /** Its endpoint delivers in event order. */
  ordered: boolean;
  /** Its endpoint's circuit was open when the delivery was read. */
  circuitOpen: boolean;
}

/**
 * A delivery that waits for its workflow to start: PENDING, never started, not held behind an open
 * circuit. The predicate of `webhook_deliveries_startable_idx`, written once so every reader of
 * those rows matches that index.
 */
export function isStartable(deliveries: string) {
  const column = (name: string) => sql.ref(`${deliveries}.${name}`);
  return sql<boolean>`${column('workflow_started_at')} is null and ${column('parked_at')} is null and ${column('status')} = 'PENDING'`;
}

/**
 * Whether a dispatch pass has anything to do: an event not yet dispatched, or a delivery to start.
 * One read of two partial indexes, so a pass after a commit that left nothing (its events written
 * dispatched, no endpoint to receive them) costs one round trip instead of two transactions.
 */
export async function hasDispatchWork(db: Kysely<Database>): Promise<boolean> {
  const { work } = await db
    .selectNoFrom(({ exists, or, selectFrom }) =>
      or([
        exists(selectFrom('events').select(sql`1`.as('one')).where('dispatched_at', 'is', null)),
        exists(selectFrom('webhook_deliveries').select(sql`1`.as('one')).where(isStartable('webhook_deliveries'))),
      ]).as('work'),
    )
    .executeTakeFirstOrThrow();
  return work === true;
}

/**
 * PENDING deliveries whose current workflow is not known to exist (new, re-queued, or left by a
 * crash), locked for the caller's transaction: concurrent dispatchers skip rows another is starting.
 * Deliveries held behind their endpoint's open circuit wait until the circuit releases them.
 */
export async function claimUnstartedDeliveries(trx: Transaction<Database>, limit: number): Promise<DeliveryToStart[]> {
  return selectDeliveriesToStart(trx)
    .where(isStartable('d'))
    .orderBy('d.created_at')
    .limit(limit)
    .forUpdate('d')
    .skipLocked()
    .execute();
}

/** These deliveries if still unstarted and not held, locked for the caller's transaction as claimUnstartedDeliveries locks. */
export async function claimDeliveriesToStart(
  trx: Transaction<Database>,
  deliveryIds: string[],
): Promise<DeliveryToStart[]> {
  if (deliveryIds.length === 0) return [];
  return selectDeliveriesToStart(trx)
    .where('d.id', 'in', deliveryIds)
    .where(isStartable('d'))
    .forUpdate('d')
    .skipLocked()
    .execute();
}

/** One delivery as its workflow is started, or undefined when it is gone. */
export async function findDeliveryToStart(
  db: Kysely<Database>,
  deliveryId: string,
): Promise<DeliveryToStart | undefined> {
  return selectDeliveriesToStart(db).where('d.id', '=', deliveryId).executeTakeFirst();
}

function selectDeliveriesToStart(db: Kysely<Database> | Transaction<Database>) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.workflow_id as workflowId',
      'd.endpoint_id as endpointId',
      'd.event_id as eventId',
      'd.event_type as eventType',
      'd.partner_id as partnerId',
      'd.environment',
      'e.url',
      'e.ordered',
      sql<boolean>`e.circuit_opened_at is not null`.as('circuitOpen'),
    ]);
}

/**
 * Marks claimed deliveries started, in the transaction that claimed them (their rows locked) and
 * starts their workflows: the mark commits only with the starts.
 */
export async function markWorkflowsStarted(
  trx: Transaction<Database>,
  deliveries: Pick<DeliveryToStart, 'id'>[],
): Promise<void> {
  if (deliveries.length === 0) return;
  await trx
    .updateTable('webhook_deliveries')
    .set({ workflow_started_at: sql`now()` })
    .where(
      'id',
      'in',
      deliveries.map((delivery) => delivery.id),
    )
    .execute();
}

/** The workflows of an endpoint's open deliveries that are known to have started. */
export async function openDeliveryWorkflows(db: Kysely<Database>, endpointId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('workflow_id')
    .where('endpoint_id', '=', endpointId)
    .where('status', 'in', ['PENDING', 'RETRYING'])
    .where('workflow_started_at', 'is not', null)
    .execute();
  return rows.map((row) => row.workflow_id);
}

/** Cancels an endpoint's open deliveries; returns the workflow ids that may still be running. */
export async function cancelOpenDeliveries(db: Kysely<Database>, endpointId: string): Promise<string[]> {
  const rows = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'CANCELLED', next_attempt_at: null, updated_at: sql`now()` })
    .where('endpoint_id', '=', endpointId)
    .where('status', 'in', ['PENDING', 'RETRYING'])
    .returning('workflow_id')
    .execute();
  return rows.map((row) => row.workflow_id);
}
