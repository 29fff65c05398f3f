import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DeliveryTarget } from './delivery-repository.js';

/**
 * Whether this delivery may attempt now. While its endpoint's circuit is open only the probe
 * delivery attempts; any other one is parked here and waits for a signal. The endpoint row is
 * locked first, so closing the circuit (which takes the same lock) either happens before, and this
 * delivery sends, or after, and its parked row is seen by whoever wakes the parked deliveries.
 */
export async function passCircuit(
  db: Kysely<Database>,
  { delivery, endpoint }: DeliveryTarget,
  at: Date,
): Promise<boolean> {
  // Closed as last read: attempt without a lock. A circuit opening meanwhile costs one attempt.
  if (endpoint.circuit_opened_at === null) return true;
  return db.transaction().execute(async (trx) => {
    const circuit = await trx
      .selectFrom('webhook_endpoints')
      .select(['circuit_opened_at', 'circuit_probe_delivery_id'])
      .where('id', '=', endpoint.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (circuit.circuit_opened_at === null || circuit.circuit_probe_delivery_id === delivery.id) return true;
    const probing = circuit.circuit_probe_delivery_id
      ? await trx
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('id', '=', circuit.circuit_probe_delivery_id)
          .where('status', 'in', ['PENDING', 'RETRYING'])
          .executeTakeFirst()
      : undefined;
    if (!probing) {
      // The probe delivery ended (window over, cancelled): this one probes from now on.
      await trx
        .updateTable('webhook_endpoints')
        .set({ circuit_probe_delivery_id: delivery.id })
        .where('id', '=', endpoint.id)
        .execute();
      return true;
    }
    await trx
      .updateTable('webhook_deliveries')
      .set({ parked_at: at, next_attempt_at: null })
      .where('id', '=', delivery.id)
      .where('status', 'in', ['PENDING', 'RETRYING'])
      .execute();
    return false;
  });
}
