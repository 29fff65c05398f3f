import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
const timestamp = sql`timestamptz(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('redemptions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('idempotency_key', 'text', (col) => col.notNull())
    .addColumn('request_fingerprint', 'text', (col) => col.notNull())
    .addColumn('partner_user_id', 'text', (col) => col.notNull().references('partner_users.id'))
    .addColumn('organization_id', 'text', (col) => col.notNull().references('organizations.id'))
    .addColumn('tokens', 'bigint', (col) => col.notNull().check(sql`tokens > 0`))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('PENDING', 'APPROVED', 'COMPLETED', 'REJECTED')`),
    )
    .addColumn('rejection_code', 'text')
    .addColumn('rejection_reason', 'text')
    .addColumn('transaction_id', 'text', (col) => col.references('ledger_transactions.id'))
    .addColumn('request_id', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('reviewed_at', timestamp)
    .addColumn('completed_at', timestamp)
    .addUniqueConstraint('redemptions_idempotency_unique', ['partner_id', 'environment', 'idempotency_key'])
    // Tokens have left the user exactly when the redemption was approved; a rejection says why.
    .addCheckConstraint('redemptions_spent', sql`(transaction_id is not null) = (status in ('APPROVED', 'COMPLETED'))`)
    .addCheckConstraint('redemptions_rejected', sql`(rejection_code is not null) = (status = 'REJECTED')`)
    .execute();
  await db.schema
    .createIndex('redemptions_page_idx')
    .on('redemptions')
    .columns(['partner_id', 'environment', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('redemptions_user_idx')
    .on('redemptions')
    .columns(['partner_user_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('redemptions').execute();
}
