import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface LoginThrottleSettings {
  /** Failed logins for one email (known or not) before it is locked. */
  failuresPerAccount: number;
  /** Failed logins from one source (client IP) before it is locked, whatever emails it tries. */
  failuresPerSource: number;
  /** How long failures are remembered, and how long a lockout lasts. */
  windowSeconds: number;
  /**
   * The least time between two password checks from one source. A check costs about half a
   * second of one core (scrypt), so one a second bounds what a source can take to a quarter of
   * this 2-core machine's CPU, however many attempts it sends at once.
   */
  passwordCheckIntervalMs: number;
}

export const defaultLoginThrottleSettings: LoginThrottleSettings = {
  failuresPerAccount: 5,
  failuresPerSource: 30,
  windowSeconds: 15 * 60,
  passwordCheckIntervalMs: 1000,
};

export interface LoginThrottle {
  /** Seconds until an attempt for this account from this source may be tried, or 0 when it may now. */
  retryAfterSeconds(account: string, source: string): Promise<number>;
  failed(account: string, source: string): Promise<void>;
  succeeded(account: string): Promise<void>;
}

function lockout(failures: number, windowSeconds: number) {
  // The limiter blocks once its points are exceeded, so the failure that reaches the maximum locks.
  return new RateLimiterMemory({ points: failures - 1, duration: windowSeconds, blockDuration: windowSeconds });
}

/**
 * Brute-force protection for the portal login, in this replica's memory. Accounts are keyed by
 * the email as typed (lowercased), so an unknown email is throttled exactly like a known one.
 */
export function createLoginThrottle(settings: LoginThrottleSettings): LoginThrottle {
  const byAccount = lockout(settings.failuresPerAccount, settings.windowSeconds);
  const bySource = lockout(settings.failuresPerSource, settings.windowSeconds);
  const waitMs = async (limiter: RateLimiterMemory, key: string) => {
    const state = await limiter.get(key);
    return state && state.consumedPoints > limiter.points ? state.msBeforeNext : 0;
  };
  // A rejected consume is the lockout starting; nothing else to do with it.
  const count = (limiter: RateLimiterMemory, key: string) =>
    limiter.consume(key).then(
      () => undefined,
      () => undefined,
    );
  return {
    async retryAfterSeconds(account, source) {
      const ms = Math.max(await waitMs(byAccount, account.toLowerCase()), await waitMs(bySource, source));
      return Math.ceil(ms / 1000);
    },
    async failed(account, source) {
      await Promise.all([count(byAccount, account.toLowerCase()), count(bySource, source)]);
    },
    async succeeded(account) {
      await byAccount.delete(account.toLowerCase());
    },
  };
}
