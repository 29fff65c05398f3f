import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { deliveryFailureTypes } from '../src/webhooks/delivery/delivery-failure-types.js';
import type { FirstAttemptLeft } from '../src/webhooks/delivery/delivery-pacing.js';
import type { DeliveryPolicy } from '../src/webhooks/delivery/delivery-policy.js';
import { ledgerWrite, ledgerWriteLocal } from './activity-options.js';
import { firstAttempt } from './first-attempt.js';
import { upsertStatus } from './record-status.js';

const { markDeliveryFailed } = proxyActivities<Activities>(ledgerWrite);
const { continueDelivery } = proxyLocalActivities<Activities>(ledgerWriteLocal);

export interface DeliverEventInput {
  eventId: string;
  policy: DeliveryPolicy;
  /** Each delivery with the id of its own workflow (`delivery/{webhookId}/{eventId}`). */
  deliveries: EventDelivery[];
}

export interface EventDelivery {
  deliveryId: string;
  workflowId: string;
}

/** How each delivery left the event's workflow: ended here, or going on in its own workflow. */
export type EventDeliveryStatus = 'DELIVERED' | 'FAILED' | 'CONTINUED';

export interface DeliverEventResult {
  eventId: string;
  deliveries: { deliveryId: string; status: EventDeliveryStatus }[];
}

/**
 * One event to its endpoints: every delivery's first attempt is a local activity in this first
 * task, all in parallel, each behind its own gates, so a healthy event costs one workflow and no
 * activity task. A delivery the attempt did not end (failed, held back by a gate, parked behind an
 * open circuit, stopped) goes on alone in its own deliverWebhook, started by a local activity with
 * what the attempt left; one endpoint never waits for another.
 */
export async function deliverEvent({ eventId, policy, deliveries }: DeliverEventInput): Promise<DeliverEventResult> {
  const statuses = await Promise.all(deliveries.map((delivery) => deliverOnce(delivery, policy)));
  upsertStatus(statuses.every((status) => status === 'DELIVERED') ? 'DELIVERED' : 'CONTINUED');
  return { eventId, deliveries: deliveries.map(({ deliveryId }, i) => ({ deliveryId, status: statuses[i]! })) };
}

async function deliverOnce(
  { deliveryId, workflowId }: EventDelivery,
  policy: DeliveryPolicy,
): Promise<EventDeliveryStatus> {
  const windowEndsAtMs = Date.now() + policy.windowHours * 3600_000;
  let left: FirstAttemptLeft;
  try {
    const held = await firstAttempt(deliveryId, policy);
    if (!held) return 'DELIVERED';
    left = { windowEndsAtMs, held };
  } catch (error) {
    if (isCancellation(error)) throw error;
    // A local activity's failure comes back unwrapped.
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const type = cause instanceof ApplicationFailure ? cause.type : undefined;
    // A 410 closed the delivery and disabled the endpoint in the attempt itself.
    if (type === deliveryFailureTypes.endpointGone) return 'FAILED';
    if (type !== deliveryFailureTypes.parked && type !== deliveryFailureTypes.cancelled) {
      // A target that may never be sent to: the attempts end here, as in the delivery's own workflow.
      const reason = cause instanceof Error ? cause.message : String(cause);
      await markDeliveryFailed({ deliveryId, workflowId, reason });
      return 'FAILED';
    }
    // Parked, or stopped: its own workflow asks again, and ends as the row says.
    left = { windowEndsAtMs };
  }
  await continueDelivery({ deliveryId, afterFirstAttempt: left });
  return 'CONTINUED';
}
