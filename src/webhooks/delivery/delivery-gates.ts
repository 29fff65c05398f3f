import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Hold } from './delivery-pacing.js';
import type { Warn } from './disable-endpoint.js';
import type { DeliveryTarget } from './delivery-repository.js';
import { waitsForEarlierDelivery } from './ordered-turn.js';
import { releaseRateSlot, takeRateSlot } from './take-rate-slot.js';

/** Either what holds the attempt back, or leave to send and what to call once the request is written. */
export type GateAnswer = { held: Hold } | { held?: undefined; sent: () => Promise<void> };

const nothingToRelease = async () => {};

/**
 * What holds an attempt back, checked just before it sends: an earlier delivery of an ordered
 * endpoint still open, then the endpoint's rate limit (which takes the slot when one is free).
 * `sent` never fails: a slot not released frees itself when its lease ends.
 */
export async function passGates(
  db: Kysely<Database>,
  { delivery, endpoint }: DeliveryTarget,
  afterRateWait: boolean,
  leaseMs: number,
  warn: Warn,
): Promise<GateAnswer> {
  if (await waitsForEarlierDelivery(db, delivery, endpoint)) return { held: { kind: 'ordered' } };
  const perSecond = endpoint.max_deliveries_per_second;
  if (perSecond === null) return { sent: nothingToRelease };
  const wait = await takeRateSlot(db, { endpointId: endpoint.id, perSecond, afterRateWait, leaseMs });
  if (wait) return { held: { kind: 'rate', waitMs: wait.waitMs } };
  let released: Promise<void> | undefined;
  const sent = () =>
    (released ??= releaseRateSlot(db, endpoint.id, perSecond).catch((error: unknown) => {
      warn('releasing a rate slot failed; it frees itself when its lease ends', {
        endpointId: endpoint.id,
        error: String(error),
      });
    }));
  return { sent };
}
