import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isStartable, type DeliveryToStart } from './dispatch-repository.js';

// A probe's attempt or a close holds an endpoint row for milliseconds.
const lockWaitMs = 1000;

/** The live probe of each unordered endpoint whose circuit is open, by endpoint id. */
export type ProbedCircuits = Map<string, string>;

/**
 * Share-locks the rows of the unordered endpoints whose circuit is open, with a live probe, and
 * unstarted deliveries waiting; answers each one's probe. Call it before claiming deliveries:
 * closing the circuit takes these rows for update and then touches the endpoint's deliveries, so
 * locking endpoints first, as the close does, makes the dispatcher wait for a close (or a probe's
 * attempt) in flight instead of deadlocking with it or starting deliveries it should hold.
 */
export async function lockProbedCircuits(trx: Transaction<Database>): Promise<ProbedCircuits> {
  // Bounded, for the rest of this transaction: a lock held longer (a stuck transaction) fails this
  // pass, before it claimed anything, instead of stalling dispatch; the next pass tries again.
  await sql`select set_config('lock_timeout', ${String(lockWaitMs)}, true)`.execute(trx);
  const probing = await trx
    .selectFrom('webhook_endpoints as e')
    .innerJoin('webhook_deliveries as p', 'p.id', 'e.circuit_probe_delivery_id')
    .select(['e.id', 'p.id as probeId'])
    .where('e.circuit_opened_at', 'is not', null)
    .where('e.ordered', '=', false)
    .where('p.status', 'in', ['PENDING', 'RETRYING'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('webhook_deliveries as d')
          .select(sql`1`.as('one'))
          .whereRef('d.endpoint_id', '=', 'e.id')
          .where(isStartable('d')),
      ),
    )
    .orderBy('e.id')
    .forShare('e')
    .execute();
  return new Map(probing.map((endpoint) => [endpoint.id, endpoint.probeId]));
}

/**
 * Which claimed deliveries start now. One whose endpoint's circuit is open while another delivery
 * probes it is held instead: parked in the database with no workflow, so an endpoint that is down
 * costs nothing per new event, neither a request nor a Temporal task. The probe's success releases
 * it (circuit-resume), and its own workflow starts then. The endpoints' locks (lockProbedCircuits)
 * are held until the transaction ends, so a close either committed before, and these deliveries
 * start, or waits for this transaction, and then finds them parked. A delivery whose endpoint's
 * circuit opened after the lock starts; its first attempt checks the circuit itself.
 */
export async function holdBehindOpenCircuits(
  trx: Transaction<Database>,
  deliveries: DeliveryToStart[],
  probed: ProbedCircuits,
): Promise<DeliveryToStart[]> {
  const held = new Set(
    deliveries
      .filter((delivery) => {
        const probeId = probed.get(delivery.endpointId);
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
