import { sql, type Kysely } from 'kysely';

// Timestamps keep millisecond precision so they round-trip exactly through JavaScript dates (keyset cursors).

// Frozen in time: this file never imports application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('partners')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('PENDING', 'ACTIVE', 'INACTIVE', 'SUSPENDED')`),
    )
    .addColumn('contact_email', 'text')
    .addColumn('features', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('rate_limit_per_minute', 'integer', (col) => col.notNull().check(sql`rate_limit_per_minute > 0`))
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('portal_users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull().check(sql`email = lower(email)`))
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('partner_id', 'text', (col) => col.references('partners.id'))
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('portal_users_email_unique', ['email'])
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('key_type', 'text', (col) => col.notNull().check(sql`key_type in ('secret', 'publishable')`))
    .addColumn('public_key', 'text', (col) => col.notNull().unique())
    .addColumn('secret_key_hash', 'text', (col) => col.unique())
    .addColumn('secret_key_hint', 'text')
    .addColumn('hmac_secret_encrypted', 'text')
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('expires_at', sql`timestamptz(3)`)
    .addColumn('last_used_at', sql`timestamptz(3)`)
    .addColumn('deleted_at', sql`timestamptz(3)`)
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'api_keys_secret_parts',
      sql`(key_type = 'secret') = (secret_key_hash is not null and hmac_secret_encrypted is not null)`,
    )
    .execute();
  await db.schema.createIndex('api_keys_partner_idx').on('api_keys').columns(['partner_id', 'created_at']).execute();

  await db.schema
    .createTable('partner_users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('external_id', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('metadata', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('partner_users_external_unique', ['partner_id', 'environment', 'external_id'])
    .execute();
  await db.schema
    .createIndex('partner_users_page_idx')
    .on('partner_users')
    .columns(['partner_id', 'environment', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('data', 'jsonb', (col) => col.notNull())
    .addColumn('request_id', 'text')
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('dispatched_at', sql`timestamptz(3)`)
    .execute();
  await db.schema
    .createIndex('events_undispatched_idx')
    .on('events')
    .column('created_at')
    .where(sql.ref('dispatched_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('events_partner_idx')
    .on('events')
    .columns(['partner_id', 'environment', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['events', 'partner_users', 'api_keys', 'portal_users', 'partners']) {
    await db.schema.dropTable(table).execute();
  }
}
