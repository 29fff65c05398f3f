import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** A parked delivery's workflow to signal, and whether it resumes as the endpoint's probe. */
export interface ParkedWake {
  workflowId: string;
  asProbe: boolean;
}

const openStatuses = ['PENDING', 'RETRYING'] as const;

/**
 * Which parked deliveries of an endpoint must be woken now: all of them once the circuit is
 * closed; while it is open, only the probe, chosen as the oldest parked delivery when the last
 * probe ended. Reads under the endpoint's lock, after the commit that closed the circuit, so no
 * delivery that parked before the close is missed. Repeating it wakes the same ones again, harmlessly.
 */
export async function parkedToWake(db: Kysely<Database>, endpointId: string): Promise<ParkedWake[]> {
  return db.transaction().execute(async (trx) => {
    const endpoint = await trx
      .selectFrom('webhook_endpoints')
      .select(['is_active', 'deleted_at', 'circuit_opened_at', 'circuit_probe_delivery_id'])
      .where('id', '=', endpointId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // A disabled or deleted endpoint's deliveries are cancelled, not woken.
    if (!endpoint.is_active || endpoint.deleted_at !== null) return [];
    const parked = trx
      .selectFrom('webhook_deliveries')
      .select(['id', 'workflow_id'])
      .where('endpoint_id', '=', endpointId)
      .where('parked_at', 'is not', null)
      .where('status', 'in', openStatuses);
    if (endpoint.circuit_opened_at === null) {
      return (await parked.execute()).map((row) => ({ workflowId: row.workflow_id, asProbe: false }));
    }
    const probe = endpoint.circuit_probe_delivery_id
      ? await trx
          .selectFrom('webhook_deliveries')
          .select(['workflow_id', 'parked_at'])
          .where('id', '=', endpoint.circuit_probe_delivery_id)
          .where('status', 'in', openStatuses)
          .executeTakeFirst()
      : undefined;
    if (probe) return probe.parked_at === null ? [] : [{ workflowId: probe.workflow_id, asProbe: true }];
    const next = await parked.orderBy('parked_at').orderBy('id').limit(1).executeTakeFirst();
    await trx
      .updateTable('webhook_endpoints')
      .set({ circuit_probe_delivery_id: next?.id ?? null, circuit_next_probe_at: null })
      .where('id', '=', endpointId)
      .execute();
    return next ? [{ workflowId: next.workflow_id, asProbe: true }] : [];
  });
}
