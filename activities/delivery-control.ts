import { createDeliveryControl } from '../src/webhooks/dispatch/create-delivery-control.js';
import type { DeliveryControl } from '../src/webhooks/delivery-control.js';
import type { ActivityDependencies } from './dependencies.js';

/** The delivery engine as activities use it, to start deliveries for what they commit. */
export function deliveryControlFor({ db, followUps }: ActivityDependencies): DeliveryControl {
  return createDeliveryControl({ db, workflows: followUps.deliveries });
}
