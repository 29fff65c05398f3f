import type { Kysely } from 'kysely';
import { registerActions } from '../../src/actions/action-registration.js';
import type { ActionRequest } from '../../src/actions/action-types.js';
import type { PartnerScope } from '../../src/partner-scope.js';
import type { Database } from '../../src/db/schema.js';

const chunk = 256;

/**
 * Registered PROCESSING actions, handed out one at a time, as the API registers them before any
 * workflow applies them. A benchmark primes the supply before its clock starts, so it measures
 * applying actions; should the supply run dry, the next chunk is registered on the clock.
 */
export function createActionSupply(
  db: Kysely<Database>,
  scope: PartnerScope,
  label: string,
  request: (key: string, index: number) => ActionRequest,
) {
  const ready: string[] = [];
  let registered = 0;
  let refill: Promise<void> | undefined;

  async function register(): Promise<void> {
    const first = registered;
    registered += chunk;
    const requests = Array.from({ length: chunk }, (_, i) => request(`${label}_${first + i}`, first + i));
    for (const registration of await registerActions(db, scope, requests, `req_bench_${label}_${first}`)) {
      if (!('action' in registration)) throw new Error(`idempotency conflict in ${label}`);
      ready.push(registration.action.id);
    }
  }

  return {
    /** Registers at least `count` actions. */
    async prime(count: number): Promise<void> {
      while (ready.length < count) await register();
    },
    async take(): Promise<string> {
      if (ready.length === 0) await (refill ??= register().finally(() => (refill = undefined)));
      return ready.pop() ?? this.take();
    },
  };
}
