import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { UsageBucket } from './usage-buckets.js';

// 10 parameters a row stays far below PostgreSQL's 65,535 bind parameters a statement.
const rowsPerStatement = 1000;

/** Adds the buckets' counts to the stored minutes, in one transaction so a failed flush writes nothing. */
export async function addUsageMinutes(db: Kysely<Database>, buckets: UsageBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < buckets.length; start += rowsPerStatement) {
      const rows = buckets.slice(start, start + rowsPerStatement).map((b) => ({
        partner_id: b.partnerId,
        environment: b.environment,
        minute: b.minute,
        key_id: b.keyId,
        method: b.method,
        route: b.route,
        status: b.status,
        request_count: b.requestCount,
        total_ms: b.totalMs,
        max_ms: b.maxMs,
      }));
      await trx
        .insertInto('api_usage_minutes')
        .values(rows)
        .onConflict((oc) =>
          oc.constraint('api_usage_minutes_pkey').doUpdateSet((eb) => ({
            request_count: eb('api_usage_minutes.request_count', '+', eb.ref('excluded.request_count')),
            total_ms: eb('api_usage_minutes.total_ms', '+', eb.ref('excluded.total_ms')),
            max_ms: eb.fn<number>('greatest', ['api_usage_minutes.max_ms', 'excluded.max_ms']),
          })),
        )
        .execute();
    }
  });
}
