import { randomUUID } from 'node:crypto';

/**
 * For a call whose caller gave no key: the client's own retries of that call reuse it, so they
 * never reward (or ask) twice. A caller that retries the call itself needs a stable key of its own.
 */
export function generateIdempotencyKey(): string {
  return `idem_${randomUUID()}`;
}

/** The key is fixed before the first attempt, so every retry of the call asks for the same thing. */
export function withIdempotencyKey<T extends { idempotencyKey?: string }>(input: T): T & { idempotencyKey: string } {
  return { ...input, idempotencyKey: input.idempotencyKey ?? generateIdempotencyKey() };
}
