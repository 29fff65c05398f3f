import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ExpiringKey } from './key-expiry.js';

/** Live keys expiring in (now, until] that were not warned of this expiry yet, soonest first. */
export async function findKeysDueForWarning(
  trx: Transaction<Database>,
  now: Date,
  until: Date,
  limit: number,
): Promise<ExpiringKey[]> {
  return trx
    .selectFrom('api_keys as k')
    .select(['k.id', 'k.partner_id', 'k.environment', 'k.name', 'k.public_key', 'k.expires_at'])
    .where('k.is_active', '=', true)
    .where('k.deleted_at', 'is', null)
    .where('k.expires_at', '>', now)
    .where('k.expires_at', '<=', until)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('api_key_expiry_warnings as w')
            .select('w.api_key_id')
            .whereRef('w.api_key_id', '=', 'k.id')
            .whereRef('w.expires_at', '=', 'k.expires_at'),
        ),
      ),
    )
    .orderBy('k.expires_at')
    .orderBy('k.id')
    .limit(limit)
    .$narrowType<{ expires_at: Date }>()
    .execute();
}

/**
 * Marks keys warned of their current expiry and returns the ids this call marked. A key another
 * sweep marked first (committed, or still in flight: the insert waits for it) conflicts and is left out.
 */
export async function markKeysWarned(trx: Transaction<Database>, keys: ExpiringKey[]): Promise<Set<string>> {
  const marked = await trx
    .insertInto('api_key_expiry_warnings')
    .values(keys.map((key) => ({ api_key_id: key.id, expires_at: key.expires_at })))
    .onConflict((oc) => oc.columns(['api_key_id', 'expires_at']).doNothing())
    .returning('api_key_id')
    .execute();
  return new Set(marked.map((row) => row.api_key_id));
}
