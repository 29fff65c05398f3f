import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
const timestamp = sql`timestamptz(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('donations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('organization_id', 'text', (col) => col.notNull().references('organizations.id'))
    // Minor units of the currency (cents for USD), as payment providers count them.
    .addColumn('amount_minor', 'bigint', (col) => col.notNull().check(sql`amount_minor > 0`))
    .addColumn('currency', 'text', (col) => col.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
    .addColumn('frequency', 'text', (col) => col.notNull())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('donor_email', 'text', (col) => col.notNull())
    .addColumn('donor_first_name', 'text', (col) => col.notNull())
    .addColumn('donor_last_name', 'text', (col) => col.notNull())
    .addColumn('donor_partner_user_id', 'text', (col) => col.notNull())
    // Only the hash: a database reader cannot open anyone's checkout page.
    .addColumn('checkout_token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('PENDING', 'COMPLETED')`))
    .addColumn('expires_at', timestamp, (col) => col.notNull())
    .addColumn('completed_at', timestamp)
    .addColumn('request_id', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('donations_completed', sql`(completed_at is not null) = (status = 'COMPLETED')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('donations').execute();
}
