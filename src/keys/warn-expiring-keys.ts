import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import { keyExpiringEventData, keyExpiringEventKey, warningWindowEnd } from './key-expiry.js';
import { findKeysDueForWarning, markKeysWarned } from './key-expiry-repository.js';

/** What the warnExpiringKeys activity is asked and answers (the sweepExpiringKeys workflow's contract). */
export interface WarnExpiringKeysInput {
  /** Keys expiring within this many days are warned. */
  warningDays: number;
}

export interface WarnExpiringKeysResult {
  warned: number;
}

/** Bounds one sweep's transaction; keys beyond it are warned by the next sweep. */
const keysPerSweep = 500;

/**
 * Records one api_key.expiring event per live key expiring within the window and marks the key
 * warned of that expiry, in one transaction: whatever runs twice, each key is warned once.
 * Returns how many keys this call warned.
 */
export async function warnExpiringKeys(db: Kysely<Database>, now: Date, warningDays: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await findKeysDueForWarning(trx, now, warningWindowEnd(now, warningDays), keysPerSweep);
    if (due.length === 0) return 0;
    const marked = await markKeysWarned(trx, due);
    for (const key of due.filter((candidate) => marked.has(candidate.id))) {
      await recordEvent(trx, {
        partnerId: key.partner_id,
        environment: key.environment,
        type: 'api_key.expiring',
        data: keyExpiringEventData(key, now),
        idempotencyKey: keyExpiringEventKey(key),
      });
    }
    return marked.size;
  });
}
