import { boundedRetryAfterMs, type DeliveryPolicy } from './delivery-policy.js';
import { retryAfterMs } from './retry-after.js';

export type AttemptOutcome =
  | { kind: 'delivered' }
  | { kind: 'gone'; error: string }
  /** permanent: retrying cannot help; retryAfterMs: the receiver's own wait, already bounded. */
  | { kind: 'failed'; error: string; permanent?: boolean; retryAfterMs?: number };

/** What an HTTP answer means for a delivery: only a 2xx delivers; redirects are failures, never followed. */
export function classifyResponse(
  status: number,
  retryAfter: string | undefined,
  nowMs: number,
  policy: DeliveryPolicy,
): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone', error: 'HTTP 410 Gone: the endpoint asked for no more deliveries' };
  if (status >= 300 && status < 400) return { kind: 'failed', error: `HTTP ${status}: redirects are not followed` };
  const requested = status === 429 || status === 503 ? retryAfterMs(retryAfter, nowMs) : undefined;
  if (requested === undefined) return { kind: 'failed', error: `HTTP ${status}` };
  const wait = boundedRetryAfterMs(policy, requested);
  return { kind: 'failed', error: `HTTP ${status}, Retry-After ${Math.round(wait / 1000)} s`, retryAfterMs: wait };
}
