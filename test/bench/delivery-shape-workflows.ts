import { proxyLocalActivities } from '@temporalio/workflow';
import type { DeliveryShapeActivities } from './delivery-shape-activities.js';

const { send } = proxyLocalActivities<DeliveryShapeActivities>({ startToCloseTimeout: '10 seconds' });

/** Today's shape, Temporal's share only: one workflow per (event, endpoint), its attempt one local activity. */
export async function pairShape(delivery: string): Promise<void> {
  await send(delivery);
}

/** The shape the issue allows: one workflow per event, attempting every endpoint in its first task. */
export async function eventShape(deliveries: string[]): Promise<void> {
  await Promise.all(deliveries.map((delivery) => send(delivery)));
}
