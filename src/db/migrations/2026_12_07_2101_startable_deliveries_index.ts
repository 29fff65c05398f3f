import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // The dispatcher looks for deliveries to start, which held ones (parked behind an open circuit,
  // never started) are not: with them in the index, every pass stepped over an outage's backlog.
  await db.schema
    .createIndex('webhook_deliveries_startable_idx')
    .on('webhook_deliveries')
    .column('created_at')
    .where(sql<boolean>`workflow_started_at is null and parked_at is null and status = 'PENDING'`)
    .execute();
  await db.schema.dropIndex('webhook_deliveries_unstarted_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('webhook_deliveries_unstarted_idx')
    .on('webhook_deliveries')
    .column('created_at')
    .where(sql<boolean>`workflow_started_at is null and status = 'PENDING'`)
    .execute();
  await db.schema.dropIndex('webhook_deliveries_startable_idx').execute();
}
