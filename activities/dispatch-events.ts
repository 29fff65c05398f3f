import type { ActivityDependencies } from './dependencies.js';
import { deliveryControlFor } from './delivery-control.js';

/** Dispatches committed outbox events: after a ledger activity, and on every sweep of the schedule. */
export function createDispatchEvents(deps: ActivityDependencies) {
  const control = deliveryControlFor(deps);
  return async function dispatchEventsActivity(): Promise<void> {
    await control.dispatchPending();
  };
}
