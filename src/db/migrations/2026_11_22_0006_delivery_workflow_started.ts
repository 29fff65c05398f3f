import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Set once the delivery's workflow is known to exist. A delivery row committed by a dispatcher that
  // crashed before starting its workflow keeps it null, and the next dispatch starts it.
  await db.schema.alterTable('webhook_deliveries').addColumn('workflow_started_at', sql`timestamptz(3)`).execute();
  await db.schema
    .createIndex('webhook_deliveries_unstarted_idx')
    .on('webhook_deliveries')
    .column('created_at')
    .where(sql<boolean>`workflow_started_at is null and status = 'PENDING'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_unstarted_idx').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('workflow_started_at').execute();
}
