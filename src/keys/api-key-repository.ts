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

/** The partner's columns, renamed so they sit beside the key's in one row. */
const partnerColumns = [
  'p.id as partner__id',
  'p.name as partner__name',
  'p.slug as partner__slug',
  'p.status as partner__status',
  'p.contact_email as partner__contact_email',
  'p.features as partner__features',
  'p.rate_limit_per_minute as partner__rate_limit_per_minute',
  'p.reward_rules as partner__reward_rules',
  'p.created_at as partner__created_at',
  'p.updated_at as partner__updated_at',
] as const;

/** Looks a presented key up by its public value or its secret's hash, with its partner, in one query. */
export async function findKeyWithPartner(
  db: Db,
  lookup: { publicKey: string } | { secretKeyHash: string },
): Promise<KeyWithPartner | undefined> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('partners as p', 'p.id', 'k.partner_id')
    .selectAll('k')
    .select(partnerColumns)
    .$if('publicKey' in lookup, (q) => q.where('k.public_key', '=', (lookup as { publicKey: string }).publicKey))
    .$if('secretKeyHash' in lookup, (q) =>
      q.where('k.secret_key_hash', '=', (lookup as { secretKeyHash: string }).secretKeyHash),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    partner__id,
    partner__name,
    partner__slug,
    partner__status,
    partner__contact_email,
    partner__features,
    partner__rate_limit_per_minute,
    partner__reward_rules,
    partner__created_at,
    partner__updated_at,
    ...key
  } = row;
  const partner: Partner = {
    id: partner__id,
    name: partner__name,
    slug: partner__slug,
    status: partner__status,
    contact_email: partner__contact_email,
    features: partner__features,
    rate_limit_per_minute: partner__rate_limit_per_minute,
    reward_rules: partner__reward_rules,
    created_at: partner__created_at,
    updated_at: partner__updated_at,
  };
  return { key, partner };
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
