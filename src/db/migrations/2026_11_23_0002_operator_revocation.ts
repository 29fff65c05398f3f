import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A revoked operator token stops opening admin routes; the row stays as the record of who decided.
  await db.schema.alterTable('operators').addColumn('revoked_at', sql`timestamptz(3)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('operators').dropColumn('revoked_at').execute();
}
