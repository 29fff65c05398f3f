import { sql, type Kysely } from 'kysely';
import type { Database, Operator } from '../db/schema.js';

export async function insertOperator(db: Kysely<Database>, operator: { id: string; name: string; tokenHash: string; tokenHint: string }): Promise<Operator> {
  return db
    .insertInto('operators')
    .values({ id: operator.id, name: operator.name, token_hash: operator.tokenHash, token_hint: operator.tokenHint })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findOperatorByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<Operator | undefined> {
  return db.selectFrom('operators').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Best-effort usage stamp, at most one write a minute per operator. */
export async function touchOperator(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('operators')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}
