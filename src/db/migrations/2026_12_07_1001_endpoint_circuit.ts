import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // An endpoint's circuit: failed attempts in a row, when it opened, which delivery probes it and
  // when; and since when it has been failing without a success, for the time-based disable rule.
  await db.schema
    .alterTable('webhook_endpoints')
    .addColumn('failed_attempts_in_row', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('failing_since', sql`timestamptz(3)`)
    .addColumn('circuit_opened_at', sql`timestamptz(3)`)
    .addColumn('circuit_probe_delivery_id', 'text')
    .addColumn('circuit_next_probe_at', sql`timestamptz(3)`)
    .execute();
  // A delivery that waits for its endpoint's circuit to close, instead of attempting.
  await db.schema.alterTable('webhook_deliveries').addColumn('parked_at', sql`timestamptz(3)`).execute();
  await sql`create index webhook_deliveries_parked on webhook_deliveries (endpoint_id, parked_at, id) where parked_at is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index webhook_deliveries_parked`.execute(db);
  await db.schema.alterTable('webhook_deliveries').dropColumn('parked_at').execute();
  await db.schema
    .alterTable('webhook_endpoints')
    .dropColumn('failed_attempts_in_row')
    .dropColumn('failing_since')
    .dropColumn('circuit_opened_at')
    .dropColumn('circuit_probe_delivery_id')
    .dropColumn('circuit_next_probe_at')
    .execute();
}
