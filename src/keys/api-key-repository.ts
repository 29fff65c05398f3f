import { sql, type Kysely, type Transaction } from 'kysely';
import type { ApiKey, ApiKeyUpdate, Database, Partner } from '../db/schema.js';
import { newestFirstPage } from '../db/newest-first-page.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertApiKey(
  db: Db,
  key: Omit<ApiKey, 'is_active' | 'created_at' | 'updated_at' | 'last_used_at' | 'deleted_at'>,
) {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

export async function listApiKeys(db: Db, partnerId: string, limit: number, cursor?: string): Promise<ApiKey[]> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('deleted_at', 'is', null)
    .$call((q) => newestFirstPage(q, limit, cursor))
    .execute();
}

export async function findApiKey(db: Db, partnerId: string, id: string): Promise<ApiKey | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function updateApiKey(db: Db, partnerId: string, id: string, changes: ApiKeyUpdate) {
  return db
    .updateTable('api_keys')
    .set({ ...changes, updated_at: sql`now()` })
    .where('partner_id', '=', partnerId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export interface KeyWithPartner {
  key: ApiKey;
  partner: Partner;
}

/** Looks a presented key up by its public value or its secret's hash, with its partner. */
export async function findKeyWithPartner(
  db: Db,
  lookup: { publicKey: string } | { secretKeyHash: string },
): Promise<KeyWithPartner | undefined> {
  const keyRow = await db
    .selectFrom('api_keys')
    .selectAll()
    .$if('publicKey' in lookup, (q) => q.where('public_key', '=', (lookup as { publicKey: string }).publicKey))
    .$if('secretKeyHash' in lookup, (q) =>
      q.where('secret_key_hash', '=', (lookup as { secretKeyHash: string }).secretKeyHash),
    )
    .executeTakeFirst();
  if (!keyRow) return undefined;
  const partner = await db
    .selectFrom('partners')
    .selectAll()
    .where('id', '=', keyRow.partner_id)
    .executeTakeFirstOrThrow();
  return { key: keyRow, partner };
}

/** Best-effort usage stamp; at most one write per key per minute keeps the hot path cheap. */
export async function touchApiKey(db: Db, id: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]),
    )
    .execute();
}
