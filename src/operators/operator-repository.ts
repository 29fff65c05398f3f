import { sql, type Kysely } from 'kysely';
import type { Database, Operator } from '../db/schema.js';

export async function insertOperator(
  db: Kysely<Database>,
  operator: { id: string; name: string; tokenHash: string; tokenHint: string },
): Promise<Operator> {
  return db
    .insertInto('operators')
    .values({ id: operator.id, name: operator.name, token_hash: operator.tokenHash, token_hint: operator.tokenHint })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The operator holding this token, unless it was revoked. */
export async function findOperatorByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<Operator | undefined> {
  return db
    .selectFrom('operators')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Every operator, newest first; there are few, so one page holds them all. */
export async function listOperators(db: Kysely<Database>): Promise<Operator[]> {
  return db.selectFrom('operators').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** Revokes the operator's token; its row stays as the record of who decided what. Undefined when no such operator. */
export async function revokeOperator(
  db: Kysely<Database>,
  id: string,
): Promise<{ operator: Operator; alreadyRevoked: boolean } | undefined> {
  const revoked = await db
    .updateTable('operators')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (revoked) return { operator: revoked, alreadyRevoked: false };
  const existing = await db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  return existing && { operator: existing, alreadyRevoked: true };
}

/** Best-effort usage stamp, at most one write a minute per operator. */
export async function touchOperator(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('operators')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]),
    )
    .execute();
}
