import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // /metrics counts the last day's actions and deliveries across all partners at every scrape.
  await db.schema.createIndex('actions_created_at_idx').on('actions').column('created_at').execute();
  await db.schema
    .createIndex('webhook_deliveries_created_at_idx')
    .on('webhook_deliveries')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_created_at_idx').execute();
  await db.schema.dropIndex('actions_created_at_idx').execute();
}
