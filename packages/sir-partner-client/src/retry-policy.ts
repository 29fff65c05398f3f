export interface RetryPolicy {
  /** Attempts in all, the first included; 1 turns retries off. */
  maxAttempts: number;
  /** Backoff before the first retry; it doubles for each next one. */
  initialDelayMs: number;
  /** Longest backoff, and longest Retry-After the client waits for: a longer one is not retried. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 30_000 };

/** Answers that say "not now" rather than "no": rate limited, or a gateway that lost the upstream. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Half the capped exponential delay plus a random half, so clients that failed together spread out. */
export function backoffDelayMs(policy: RetryPolicy, retryNumber: number, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retryNumber - 1));
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** Retry-After as delay seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The wait before the attempt after `attempt`, or undefined when there is to be none. */
export function nextRetryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfter?: number,
  random?: () => number,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (retryAfter !== undefined) return retryAfter <= policy.maxDelayMs ? retryAfter : undefined;
  return backoffDelayMs(policy, attempt, random);
}
