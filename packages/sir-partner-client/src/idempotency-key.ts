import { randomUUID } from 'node:crypto';

/**
 * For a call whose caller gave no key: the client's own retries of that call reuse it, so they
 * never reward twice. A caller that retries the call itself needs a stable key of its own.
 */
export function generateIdempotencyKey(): string {
  return `idem_${randomUUID()}`;
}
