import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A partner's retried request, sent with the same idempotencyKey, finds the request it made.
  await db.schema
    .alterTable('token_pool_requests')
    .addColumn('idempotency_key', 'text')
    .addColumn('request_fingerprint', 'text')
    .execute();
  await db.schema
    .createIndex('token_pool_requests_idempotency_key')
    .unique()
    .on('token_pool_requests')
    .columns(['partner_id', 'environment', 'idempotency_key'])
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('token_pool_requests_idempotency_key').execute();
  await db.schema
    .alterTable('token_pool_requests')
    .dropColumn('idempotency_key')
    .dropColumn('request_fingerprint')
    .execute();
}
