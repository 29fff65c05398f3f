import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { decideRateSlot } from './rate-slot.js';

const microsecond = sql`interval '1 microsecond'`;
const asUs = (column: string) => sql<number | null>`floor(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint`;
const fromUs = (us: number | null) => (us === null ? null : sql<Date>`timestamptz 'epoch' + ${us} * ${microsecond}`);

/**
 * Takes the endpoint's next request slot, or answers how long to wait (in ms, rounded up). The row
 * lock and the database's clock make the decision one for all workers; the slot is taken just
 * before the request, so starts are spaced as the rate says.
 */
export async function takeRateSlot(db: Kysely<Database>, endpointId: string, perSecond: number, afterRateWait: boolean): Promise<{ waitMs: number } | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('webhook_endpoints')
      .select([asUs('rate_next_at').as('nextAtUs'), asUs('rate_queue_until').as('queueUntilUs'), sql<number>`floor(extract(epoch from clock_timestamp()) * 1000000)::bigint`.as('nowUs')])
      .where('id', '=', endpointId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const decision = decideRateSlot({ nextAtUs: row.nextAtUs, queueUntilUs: row.queueUntilUs }, row.nowUs, perSecond, afterRateWait);
    await trx
      .updateTable('webhook_endpoints')
      .set({ rate_next_at: fromUs(decision.state.nextAtUs), rate_queue_until: fromUs(decision.state.queueUntilUs) })
      .where('id', '=', endpointId)
      .execute();
    return decision.granted ? undefined : { waitMs: Math.ceil(decision.waitUs / 1000) };
  });
}
