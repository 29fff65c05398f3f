import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DeliveryToStart } from './dispatch-repository.js';

/**
 * Which claimed deliveries start now. One whose endpoint's circuit is open while another
 * delivery probes it is held instead: parked in the database with no workflow, so an endpoint
 * that is down costs nothing per new event, neither a request nor a Temporal task. The probe's
 * success releases it (circuit-resume), and its own workflow starts then.
 *
 * The endpoint rows are share-locked, as closing the circuit takes them for update: a close
 * either commits first, and these deliveries start, or waits for this transaction, and then finds
 * them parked. A row someone holds for update now is skipped and its deliveries start; their
 * first attempt checks the circuit itself. Ordered endpoints keep their line in their workflows.
 */
export async function holdBehindOpenCircuits(
  trx: Transaction<Database>,
  deliveries: DeliveryToStart[],
): Promise<DeliveryToStart[]> {
  const candidates = deliveries.filter((delivery) => delivery.circuitOpen && !delivery.ordered);
  if (candidates.length === 0) return deliveries;
  const probing = await trx
    .selectFrom('webhook_endpoints as e')
    .innerJoin('webhook_deliveries as p', 'p.id', 'e.circuit_probe_delivery_id')
    .select(['e.id', 'p.id as probeId'])
    .where('e.id', 'in', [...new Set(candidates.map((delivery) => delivery.endpointId))].toSorted())
    .where('e.circuit_opened_at', 'is not', null)
    .where('p.status', 'in', ['PENDING', 'RETRYING'])
    .orderBy('e.id')
    .forShare('e')
    .skipLocked()
    .execute();
  const probeOf = new Map(probing.map((endpoint) => [endpoint.id, endpoint.probeId]));
  const held = new Set(
    candidates
      .filter((delivery) => {
        const probeId = probeOf.get(delivery.endpointId);
        return probeId !== undefined && probeId !== delivery.id;
      })
      .map((delivery) => delivery.id),
  );
  if (held.size === 0) return deliveries;
  await trx
    .updateTable('webhook_deliveries')
    .set({ parked_at: sql`now()`, next_attempt_at: null })
    .where('id', 'in', [...held])
    .execute();
  return deliveries.filter((delivery) => !held.has(delivery.id));
}
