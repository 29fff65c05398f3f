import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { deliveryFailureTypes } from '../src/webhooks/delivery/delivery-failure-types.js';
import { resumedPolicy, sendWebhookOptions, type DeliveryPolicy } from '../src/webhooks/delivery/delivery-policy.js';
import { ledgerWrite } from './activity-options.js';
import { parkingSpot } from './delivery-parking.js';
import { pacedSend } from './paced-send.js';
import { recordStatus } from './record-status.js';

const pacedSendPatch = 'paced-send';
const localFirstAttemptPatch = 'local-first-attempt';

const { markDeliveryFailed } = proxyActivities<Activities>(ledgerWrite);

export interface DeliverWebhookInput {
  deliveryId: string;
  policy: DeliveryPolicy;
}

export interface DeliverWebhookResult {
  deliveryId: string;
  status: 'DELIVERED' | 'FAILED' | 'CANCELLED';
}

/**
 * One event to one endpoint. The first attempt is a local activity in the first workflow task;
 * the rest, with their backoff and the retry window, are sendWebhook's Temporal retry policy
 * (paced by the endpoint's gates: rate slot, ordered turn); this workflow decides what
 * the end of the attempts means, and parks the delivery (no attempts, no tasks) while its
 * endpoint's circuit is open and another delivery probes it.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  const result = await attemptDelivery(input);
  recordStatus(result.status);
  return result;
}

async function attemptDelivery({ deliveryId, policy }: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  const parking = parkingSpot();
  const windowEndsAtMs = Date.now() + policy.windowHours * 3600_000;
  // Runs started before ordered endpoints and rate limits keep their single ungated call.
  const paced = patched(pacedSendPatch);
  // Runs started before it make their first attempt as a regular activity.
  let firstLocal = paced && patched(localFirstAttemptPatch);
  let attemptPolicy = policy;
  for (;;) {
    let reason: string;
    try {
      if (paced) await pacedSend(deliveryId, attemptPolicy, { firstLocal });
      else
        await proxyActivities<Activities>(sendWebhookOptions(attemptPolicy)).sendWebhook({
          deliveryId,
          policy: attemptPolicy,
        });
      return { deliveryId, status: 'DELIVERED' };
    } catch (error) {
      // Cancelled with its endpoint (deleted or disabled): whoever cancelled closed the delivery.
      if (isCancellation(error)) return { deliveryId, status: 'CANCELLED' };
      // A local first attempt's failure comes unwrapped.
      const cause = error instanceof ActivityFailure ? error.cause : error;
      const type = cause instanceof ApplicationFailure ? cause.type : undefined;
      if (type === deliveryFailureTypes.cancelled) return { deliveryId, status: 'CANCELLED' };
      // A 410 closed the delivery and disabled the endpoint in the attempt itself.
      if (type === deliveryFailureTypes.endpointGone) return { deliveryId, status: 'FAILED' };
      reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
      if (type === deliveryFailureTypes.parked && patched('park-while-circuit-open')) {
        try {
          const resume = await parking.wait(windowEndsAtMs);
          if (resume) {
            firstLocal = false;
            attemptPolicy = resumedPolicy(policy, resume.asProbe, windowEndsAtMs - Date.now());
            continue;
          }
        } catch (waitError) {
          if (isCancellation(waitError)) return { deliveryId, status: 'CANCELLED' };
          throw waitError;
        }
        reason = 'the retry window ended while the endpoint was failing (circuit open)';
      }
    }
    await markDeliveryFailed({ deliveryId, workflowId: workflowInfo().workflowId, reason });
    return { deliveryId, status: 'FAILED' };
  }
}
