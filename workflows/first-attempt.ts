import { ActivityFailure, ApplicationFailure, isCancellation, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { deliveryFailureTypes, type AttemptFailureDetails } from '../src/webhooks/delivery/delivery-failure-types.js';
import { firstPacing, type HeldBack } from '../src/webhooks/delivery/delivery-pacing.js';
import { backoffMs, firstAttemptOptions, type DeliveryPolicy } from '../src/webhooks/delivery/delivery-policy.js';

/**
 * A delivery's first sendWebhook call as a local activity, answering as sendWebhook does: undefined
 * once sent, what held it back otherwise. A retryable failure comes back as a hold too, the wait the
 * schedule (or the receiver's Retry-After) puts before the second attempt, which then runs as a
 * regular activity going on with the schedule and the window that opened now.
 */
export async function firstAttempt(deliveryId: string, policy: DeliveryPolicy): Promise<HeldBack | undefined> {
  const scheduledAtMs = Date.now();
  const windowEndsAtMs = scheduledAtMs + policy.windowHours * 3600_000;
  const { sendWebhook } = proxyLocalActivities<Activities>(firstAttemptOptions(policy));
  try {
    return await sendWebhook({ deliveryId, policy, pacing: firstPacing, clock: { scheduledAtMs, windowEndsAtMs } });
  } catch (error) {
    if (isCancellation(error)) throw error;
    // A local activity's failure comes back unwrapped, without the ActivityFailure around it.
    const cause = error instanceof ActivityFailure ? error.cause : error;
    // Failures that end the attempts (cancelled, parked, gone, unsafe) end them here too; a timeout or
    // an infrastructure fault is retried like a failed attempt, as the retry policy would.
    if (cause instanceof ApplicationFailure && cause.nonRetryable) throw error;
    const failed = cause instanceof ApplicationFailure && cause.type === deliveryFailureTypes.attemptFailed;
    const waitMs = failed ? (cause.details as [AttemptFailureDetails])[0].retryDelayMs : backoffMs(policy, 1);
    return { hold: { kind: 'retry', waitMs }, pacing: { attemptsBefore: 1, windowEndsAtMs, afterRateWait: false } };
  }
}
