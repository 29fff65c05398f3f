import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  nextRetryDelayMs,
  retryAfterMs,
  type RetryPolicy,
} from '../../packages/sir-partner-client/src/retry-policy.js';

const policy: RetryPolicy = { maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 3000 };

describe('retry policy', () => {
  it('doubles the backoff from the initial delay, caps it, and jitters within its upper half', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(policy, retry, () => 1))).toEqual([
      500, 1000, 2000, 3000, 3000,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(policy, retry, () => 0))).toEqual([
      250, 500, 1000, 1500, 1500,
    ]);
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores what it cannot read', () => {
    const now = Date.parse('2026-05-10T09:12:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Sun, 10 May 2026 09:12:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Sun, 10 May 2026 09:11:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('stops after maxAttempts, and when Retry-After asks for longer than maxDelayMs', () => {
    expect(nextRetryDelayMs(policy, 3, undefined, () => 1)).toBe(2000);
    expect(nextRetryDelayMs(policy, 4, undefined, () => 1)).toBeUndefined();
    expect(nextRetryDelayMs(policy, 1, 3000)).toBe(3000);
    expect(nextRetryDelayMs(policy, 1, 3001)).toBeUndefined();
  });
});
