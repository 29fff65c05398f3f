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
import type { FirstAttemptLeft } from '../src/webhooks/delivery/delivery-pacing.js';
import { resumedPolicy, sendWebhookOptions, type DeliveryPolicy } from '../src/webhooks/delivery/delivery-policy.js';
import { ledgerWrite } from './activity-options.js';
import { parkingSpot } from './delivery-parking.js';
import { pacedSend } from './paced-send.js';
import { recordStatus, upsertStatus } from './record-status.js';

const singlePatch = 'delivery-single-patch';

const { markDeliveryFailed } = proxyActivities<Activities>(ledgerWrite);

export interface DeliverWebhookInput {
  deliveryId: string;
  policy: DeliveryPolicy;
  /** Set when the event's workflow made the first attempt and did not deliver: the delivery goes on from there. */
  afterFirstAttempt?: FirstAttemptLeft;
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
  // Every patched() call a new run takes writes a marker and a TemporalChangeVersion upsert (a
  // visibility write) to its history; the current steps sit behind one patch instead of three.
  if (patched(singlePatch)) {
    const result = await attemptDelivery(input, currentSteps);
    upsertStatus(result.status);
    return result;
  }
  const result = await attemptDelivery(input, stepsAsRecordedBefore());
  recordStatus(result.status);
  return result;
}

/** Which of the delivery's steps a run takes: all of them since `delivery-single-patch`. */
interface DeliverySteps {
  /** Gated by the endpoint's rate slot and ordered turn; else one ungated call. */
  paced: boolean;
  /** The first attempt a local activity; else a regular one. */
  firstLocal: boolean;
  /** Parks while the endpoint's circuit is open; else fails. Asked only when an attempt parks. */
  parksWhileCircuitOpen: () => boolean;
}

const currentSteps: DeliverySteps = { paced: true, firstLocal: true, parksWhileCircuitOpen: () => true };

/** The steps of histories recorded before `delivery-single-patch`, each behind its own patch, asked in their order. */
function stepsAsRecordedBefore(): DeliverySteps {
  const paced = patched('paced-send');
  return {
    paced,
    firstLocal: paced && patched('local-first-attempt'),
    parksWhileCircuitOpen: () => patched('park-while-circuit-open'),
  };
}

async function attemptDelivery(
  { deliveryId, policy, afterFirstAttempt }: DeliverWebhookInput,
  steps: DeliverySteps,
): Promise<DeliverWebhookResult> {
  const parking = parkingSpot();
  const windowEndsAtMs = afterFirstAttempt?.windowEndsAtMs ?? Date.now() + policy.windowHours * 3600_000;
  const { paced } = steps;
  let firstLocal = steps.firstLocal && !afterFirstAttempt;
  let after = afterFirstAttempt?.held;
  let attemptPolicy = policy;
  for (;;) {
    let reason: string;
    try {
      if (paced) await pacedSend(deliveryId, attemptPolicy, { firstLocal, after });
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
      if (type === deliveryFailureTypes.parked && steps.parksWhileCircuitOpen()) {
        try {
          const resume = await parking.wait(windowEndsAtMs);
          if (resume) {
            firstLocal = false;
            after = undefined;
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
