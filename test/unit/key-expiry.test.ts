import { describe, expect, it } from 'vitest';
import { daysLeft, keyExpiringEventData, keyExpiringEventKey, warningWindowEnd } from '../../src/keys/key-expiry.js';

const now = new Date('2026-05-10T12:00:00.000Z');
const hours = (n: number) => new Date(now.getTime() + n * 3_600_000);

describe('api key expiry warnings', () => {
  it('ends the warning window the configured number of days from now', () => {
    expect(warningWindowEnd(now, 7).toISOString()).toBe('2026-05-17T12:00:00.000Z');
  });

  it('counts days left rounded up, so a key expiring later today has 1 day left', () => {
    expect(daysLeft(hours(1), now)).toBe(1);
    expect(daysLeft(hours(24), now)).toBe(1);
    expect(daysLeft(hours(60), now)).toBe(3);
    expect(daysLeft(hours(72), now)).toBe(3);
  });

  it('describes the key by id, name and public key prefix, never the full key', () => {
    const key = {
      id: 'key_abc',
      partner_id: 'ptn_1',
      environment: 'sandbox' as const,
      name: 'Checkout backend',
      public_key: 'pk_test_0123456789abcdefghijklmnopqrstuv',
      expires_at: hours(50),
    };
    expect(keyExpiringEventData(key, now)).toEqual({
      keyId: 'key_abc',
      publicKeyPrefix: 'pk_test_0123',
      name: 'Checkout backend',
      environment: 'sandbox',
      expiresAt: '2026-05-12T14:00:00.000Z',
      daysLeft: 3,
    });
  });

  it('keys the event by key and expiry, so a new expiry is a new event', () => {
    const key = { id: 'key_abc', expires_at: hours(50) };
    expect(keyExpiringEventKey(key)).toBe('api_key.expiring/key_abc/2026-05-12T14:00:00.000Z');
    expect(keyExpiringEventKey({ ...key, expires_at: hours(80) })).not.toBe(keyExpiringEventKey(key));
  });
});
