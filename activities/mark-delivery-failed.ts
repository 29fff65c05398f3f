import { Context } from '@temporalio/activity';
import { markDeliveryFailed, type MarkDeliveryFailedInput } from '../src/webhooks/delivery/mark-delivery-failed.js';
import type { ActivityDependencies } from './dependencies.js';
import { deliveryControlFor } from './delivery-control.js';

/** Closes a delivery whose attempts are over, and disables its endpoint at the failure threshold. */
export function createMarkDeliveryFailed(deps: ActivityDependencies) {
  const control = deliveryControlFor(deps);
  return async function markDeliveryFailedActivity(input: MarkDeliveryFailedInput): Promise<void> {
    const { log } = Context.current();
    await markDeliveryFailed(
      {
        db: deps.db,
        control,
        settings: deps.webhooks,
        now: deps.now,
        warn: (message, details) => log.warn(message, details),
      },
      input,
    );
  };
}
