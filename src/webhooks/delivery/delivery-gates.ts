import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Hold } from './delivery-pacing.js';
import type { DeliveryTarget } from './delivery-repository.js';
import { waitsForEarlierDelivery } from './ordered-turn.js';
import { takeRateSlot } from './take-rate-slot.js';

/**
 * What holds an attempt back, checked just before it sends: an earlier delivery of an ordered
 * endpoint still open, then the endpoint's rate limit (which takes the slot when one is free).
 */
export async function holdBefore(db: Kysely<Database>, { delivery, endpoint }: DeliveryTarget, afterRateWait: boolean): Promise<Hold | undefined> {
  if (await waitsForEarlierDelivery(db, delivery, endpoint)) return { kind: 'ordered' };
  if (endpoint.max_deliveries_per_second === null) return undefined;
  const wait = await takeRateSlot(db, endpoint.id, endpoint.max_deliveries_per_second, afterRateWait);
  return wait && { kind: 'rate', waitMs: wait.waitMs };
}
