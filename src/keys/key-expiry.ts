import type { Environment } from '../db/schema.js';

const dayMs = 24 * 60 * 60 * 1000;
/** Enough of the public key to tell keys apart in a notification; nothing secret ever goes out. */
const publicKeyPrefixLength = 12;

export interface ExpiringKey {
  id: string;
  partner_id: string;
  environment: Environment;
  name: string;
  public_key: string;
  expires_at: Date;
}

/** Keys expiring after now and at or before this instant are due a warning. */
export function warningWindowEnd(now: Date, warningDays: number): Date {
  return new Date(now.getTime() + warningDays * dayMs);
}

/** Whole days until expiry, rounded up: a key expiring in 2.5 days has 3 days left. */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.ceil((expiresAt.getTime() - now.getTime()) / dayMs);
}

/** The api_key.expiring payload: which key, and when it stops working. */
export function keyExpiringEventData(key: ExpiringKey, now: Date) {
  return {
    keyId: key.id,
    publicKeyPrefix: key.public_key.slice(0, publicKeyPrefixLength),
    name: key.name,
    environment: key.environment,
    expiresAt: key.expires_at.toISOString(),
    daysLeft: daysLeft(key.expires_at, now),
  };
}

/** One event per key and expiry: a sweep retried after its commit records the same event id. */
export function keyExpiringEventKey(key: Pick<ExpiringKey, 'id' | 'expires_at'>): string {
  return `api_key.expiring/${key.id}/${key.expires_at.toISOString()}`;
}
