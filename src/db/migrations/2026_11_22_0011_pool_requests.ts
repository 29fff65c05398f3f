import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
const timestamp = sql`timestamptz(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  // SIR Giving staff: their tokens are stored as hashes and shown once, like secret keys.
  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('token_hint', 'text', (col) => col.notNull())
    .addColumn('last_used_at', timestamp)
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('token_pool_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    // Null asks for a new pool, created when the request is approved.
    .addColumn('pool_id', 'text', (col) => col.references('token_pools.id'))
    .addColumn('tokens_requested', 'bigint', (col) => col.notNull().check(sql`tokens_requested > 0`))
    .addColumn('tokens_approved', 'bigint')
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED')`),
    )
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', timestamp)
    .addColumn('expires_at', timestamp, (col) => col.notNull())
    .addColumn('transaction_id', 'text', (col) => col.references('ledger_transactions.id'))
    .addColumn('request_id', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    // An approval credits between one token and what was asked, and only an approval credits.
    .addCheckConstraint(
      'token_pool_requests_approval',
      sql`(status = 'APPROVED') = (tokens_approved is not null and transaction_id is not null)
        and (tokens_approved is null or tokens_approved between 1 and tokens_requested)`,
    )
    .execute();
  await db.schema
    .createIndex('token_pool_requests_page_idx')
    .on('token_pool_requests')
    .columns(['partner_id', 'environment', 'created_at', 'id'])
    .execute();
  // The operators' queue: every partner's requests by status.
  await db.schema
    .createIndex('token_pool_requests_status_idx')
    .on('token_pool_requests')
    .columns(['status', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('token_pool_requests').execute();
  await db.schema.dropTable('operators').execute();
}
