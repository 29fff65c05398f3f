import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { decideRateSlot, slotSpacingUs } from './rate-slot.js';

const microseconds = (us: number) => sql<Date>`${us} * interval '1 microsecond'`;
const asUs = (column: string) => sql<number | null>`floor(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint`;
const fromUs = (us: number | null) => (us === null ? null : sql<Date>`timestamptz 'epoch' + ${microseconds(us)}`);

export interface RateSlotRequest {
  endpointId: string;
  perSecond: number;
  afterRateWait: boolean;
  /** How long the request may take to be written before the slot is free again anyway. */
  leaseMs: number;
}

/**
 * Takes the endpoint's next request slot, or answers how long to wait (in ms, rounded up). The row
 * lock and the database's clock make the decision one for all workers.
 */
export async function takeRateSlot(
  db: Kysely<Database>,
  slot: RateSlotRequest,
): Promise<{ waitMs: number } | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('webhook_endpoints')
      .select([
        asUs('rate_next_at').as('nextAtUs'),
        asUs('rate_queue_until').as('queueUntilUs'),
        asUs('rate_lease_until').as('leaseUntilUs'),
        sql<number>`floor(extract(epoch from clock_timestamp()) * 1000000)::bigint`.as('nowUs'),
      ])
      .where('id', '=', slot.endpointId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const decision = decideRateSlot(row, row.nowUs, slot.perSecond, slot.afterRateWait, slot.leaseMs * 1000);
    await trx
      .updateTable('webhook_endpoints')
      .set({
        rate_next_at: fromUs(decision.state.nextAtUs),
        rate_queue_until: fromUs(decision.state.queueUntilUs),
        rate_lease_until: fromUs(decision.state.leaseUntilUs),
      })
      .where('id', '=', slot.endpointId)
      .execute();
    return decision.granted ? undefined : { waitMs: Math.ceil(decision.waitUs / 1000) };
  });
}

/** The granted request has been written (or never will be): the next may start a spacing from now. */
export async function releaseRateSlot(db: Kysely<Database>, endpointId: string, perSecond: number): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({
      rate_lease_until: null,
      rate_next_at: sql`greatest(rate_next_at, clock_timestamp() + ${microseconds(slotSpacingUs(perSecond))})`,
    })
    .where('id', '=', endpointId)
    .execute();
}
