import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('webhook_endpoints')
    // Ordered endpoints: each delivery recorded for one takes the next number of its sequence.
    .addColumn('ordered', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('last_delivery_sequence', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('max_deliveries_per_second', 'integer')
    // Rate limit: the earliest time the next request may start (GCRA), how far ahead waiting
    // deliveries have been told to come back, and until when the request granted last may still be
    // on its way out; to the microsecond, as the spacing is computed.
    .addColumn('rate_next_at', 'timestamptz')
    .addColumn('rate_queue_until', 'timestamptz')
    .addColumn('rate_lease_until', 'timestamptz')
    .execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('delivery_sequence', 'bigint').execute();
  // An ordered delivery asks whether any earlier one of its endpoint is still open.
  await db.schema
    .createIndex('webhook_deliveries_open_sequence_idx')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'delivery_sequence'])
    .where(sql<boolean>`delivery_sequence is not null and status in ('PENDING', 'RETRYING')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_open_sequence_idx').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('delivery_sequence').execute();
  await db.schema
    .alterTable('webhook_endpoints')
    .dropColumn('ordered')
    .dropColumn('last_delivery_sequence')
    .dropColumn('max_deliveries_per_second')
    .dropColumn('rate_next_at')
    .dropColumn('rate_queue_until')
    .dropColumn('rate_lease_until')
    .execute();
}
