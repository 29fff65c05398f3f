import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
const timestamp = sql`timestamptz(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  // One row per key and expiry it was warned about: a sweep retried after its commit, or running
  // twice at once, conflicts on the key and warns nobody twice; a key given a new expiry (PATCH) is
  // a new pair and is warned again.
  await db.schema
    .createTable('api_key_expiry_warnings')
    .addColumn('api_key_id', 'text', (col) => col.notNull().references('api_keys.id'))
    .addColumn('expires_at', timestamp, (col) => col.notNull())
    .addColumn('warned_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('api_key_expiry_warnings_pk', ['api_key_id', 'expires_at'])
    .execute();
  // The sweep reads only live keys that have an expiry.
  await db.schema
    .createIndex('api_keys_expiring_idx')
    .on('api_keys')
    .column('expires_at')
    .where(sql<boolean>`is_active and deleted_at is null and expires_at is not null`)
    .execute();

  // The full SIR account a partner user was upgraded to, set once.
  await db.schema
    .alterTable('partner_users')
    .addColumn('sir_account_id', 'text')
    .addColumn('upgraded_at', timestamp)
    .execute();
  await db.schema
    .alterTable('partner_users')
    .addCheckConstraint('partner_users_upgrade_parts', sql`(sir_account_id is null) = (upgraded_at is null)`)
    .execute();
  // A SIR account stands behind at most one user of a partner's environment, whatever the races.
  await db.schema
    .createIndex('partner_users_sir_account_unique')
    .unique()
    .on('partner_users')
    .columns(['partner_id', 'environment', 'sir_account_id'])
    .where(sql.ref('sir_account_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('partner_users_sir_account_unique').execute();
  await db.schema.alterTable('partner_users').dropConstraint('partner_users_upgrade_parts').execute();
  await db.schema.alterTable('partner_users').dropColumn('upgraded_at').dropColumn('sir_account_id').execute();
  await db.schema.dropIndex('api_keys_expiring_idx').execute();
  await db.schema.dropTable('api_key_expiry_warnings').execute();
}
