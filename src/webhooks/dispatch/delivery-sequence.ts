import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Transaction<Database> | Kysely<Database>;

/**
 * Takes `count` consecutive numbers of an ordered endpoint's delivery sequence and returns the
 * first. The counter's row stays locked until the caller commits, so numbers become visible in
 * the order they were taken: no delivery can later appear before one that has already started.
 */
export async function takeDeliverySequence(db: Db, endpointId: string, count: number): Promise<number> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set({ last_delivery_sequence: sql`last_delivery_sequence + ${count}` })
    .where('id', '=', endpointId)
    .returning('last_delivery_sequence')
    .executeTakeFirstOrThrow();
  return row.last_delivery_sequence - count + 1;
}

/**
 * Numbers the new deliveries of ordered endpoints in the order given (the outbox's: oldest event
 * first). Endpoints are locked in id order so that concurrent dispatchers never deadlock.
 */
export async function numberOrderedDeliveries<T extends { endpoint_id: string; delivery_sequence: number | null }>(
  db: Db,
  rows: T[],
  orderedEndpointIds: ReadonlySet<string>,
): Promise<T[]> {
  const counts = new Map<string, number>();
  for (const row of rows)
    if (orderedEndpointIds.has(row.endpoint_id)) counts.set(row.endpoint_id, (counts.get(row.endpoint_id) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const endpointId of [...counts.keys()].sort())
    next.set(endpointId, await takeDeliverySequence(db, endpointId, counts.get(endpointId)!));
  return rows.map((row) => {
    const sequence = next.get(row.endpoint_id);
    if (sequence === undefined) return row;
    next.set(row.endpoint_id, sequence + 1);
    return { ...row, delivery_sequence: sequence };
  });
}
