import type { DeliveryControl } from '../delivery-control.js';
import type { RequestContext } from '../endpoints/endpoint-service.js';

/**
 * Starts delivery of what a request just committed without making its response wait. A failure
 * only delays: the dispatch-events schedule picks the events and deliveries up at its next sweep.
 */
export function dispatchInBackground(
  control: DeliveryControl,
  { log }: Pick<RequestContext, 'log'>,
  what: string,
): void {
  control.dispatchPending().catch((error: unknown) => {
    log.warn({ err: error }, `dispatching ${what} failed; the dispatch-events schedule will catch up`);
  });
}
