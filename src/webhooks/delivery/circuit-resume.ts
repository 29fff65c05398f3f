import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** A parked delivery's workflow to signal, and whether it resumes as the endpoint's probe. */
export interface ParkedWake {
  workflowId: string;
  asProbe: boolean;
}

/** What waking an endpoint's parked deliveries takes: signals to parked workflows, starts for held deliveries. */
export interface ParkedToWake {
  wakes: ParkedWake[];
  /** Deliveries held with no workflow (dispatched while the circuit was open), released now: start them. */
  released: string[];
}

const openStatuses = ['PENDING', 'RETRYING'] as const;

/**
 * Which parked deliveries of an endpoint must be woken now: all of them once the circuit is
 * closed; while it is open, only the probe, chosen as the oldest parked delivery when the last
 * probe ended. Reads under the endpoint's lock, after the commit that closed the circuit, so no
 * delivery that parked before the close is missed. A held delivery (parked by the dispatcher,
 * never started) is released in the same transaction, so a crash before its start leaves it to
 * the dispatcher's next pass. Repeating it wakes the same ones again, harmlessly.
 */
export async function parkedToWake(db: Kysely<Database>, endpointId: string): Promise<ParkedToWake> {
  return db.transaction().execute(async (trx) => {
    const endpoint = await trx
      .selectFrom('webhook_endpoints')
      .select(['is_active', 'deleted_at', 'circuit_opened_at', 'circuit_probe_delivery_id'])
      .where('id', '=', endpointId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // A disabled or deleted endpoint's deliveries are cancelled, not woken.
    if (!endpoint.is_active || endpoint.deleted_at !== null) return { wakes: [], released: [] };
    const parked = trx
      .selectFrom('webhook_deliveries')
      .select(['id', 'workflow_id', 'workflow_started_at'])
      .where('endpoint_id', '=', endpointId)
      .where('parked_at', 'is not', null)
      .where('status', 'in', openStatuses);
    const wake = async (
      rows: { id: string; workflow_id: string; workflow_started_at: Date | null }[],
      asProbe: boolean,
    ) => {
      const released = rows.filter((row) => row.workflow_started_at === null).map((row) => row.id);
      if (released.length > 0)
        await trx.updateTable('webhook_deliveries').set({ parked_at: null }).where('id', 'in', released).execute();
      const wakes = rows
        .filter((row) => row.workflow_started_at !== null)
        .map((row) => ({ workflowId: row.workflow_id, asProbe }));
      return { wakes, released };
    };
    if (endpoint.circuit_opened_at === null) return wake(await parked.execute(), false);
    const probe = endpoint.circuit_probe_delivery_id
      ? await trx
          .selectFrom('webhook_deliveries')
          .select(['id', 'workflow_id', 'workflow_started_at', 'parked_at'])
          .where('id', '=', endpoint.circuit_probe_delivery_id)
          .where('status', 'in', openStatuses)
          .executeTakeFirst()
      : undefined;
    if (probe) return wake(probe.parked_at === null ? [] : [probe], true);
    const next = await parked.orderBy('parked_at').orderBy('id').limit(1).executeTakeFirst();
    await trx
      .updateTable('webhook_endpoints')
      .set({ circuit_probe_delivery_id: next?.id ?? null, circuit_next_probe_at: null })
      .where('id', '=', endpointId)
      .execute();
    return wake(next ? [next] : [], true);
  });
}
