import { Context } from '@temporalio/activity';
import { continueDelivery, type ContinueDeliveryInput } from '../src/webhooks/dispatch/continue-delivery.js';
import { createDeliveryControl } from '../src/webhooks/dispatch/create-delivery-control.js';
import type { DeliveryControl } from '../src/webhooks/delivery-control.js';
import type { HeldBack } from '../src/webhooks/delivery/delivery-pacing.js';
import { markDeliveryFailed, type MarkDeliveryFailedInput } from '../src/webhooks/delivery/mark-delivery-failed.js';
import { sendWebhook, type SendWebhookInput } from '../src/webhooks/delivery/send-webhook.js';
import type { ActivityDependencies } from './dependencies.js';

/** The delivery engine as activities use it, to start deliveries for what they commit. */
export function deliveryControlFor({ db, followUps }: ActivityDependencies): DeliveryControl {
  return createDeliveryControl({ db, workflows: followUps.deliveries });
}

/** One HTTP attempt of a delivery; Temporal's retry policy on it is the delivery schedule. */
export function createSendWebhook(deps: ActivityDependencies) {
  const control = deliveryControlFor(deps);
  return async function sendWebhookActivity(input: SendWebhookInput): Promise<HeldBack | undefined> {
    const { info, cancellationSignal, log } = Context.current();
    if (!info.workflowExecution) throw new Error('sendWebhook runs inside a deliverWebhook workflow');
    return sendWebhook(
      {
        db: deps.db,
        secretBox: deps.secretBox,
        control,
        settings: deps.webhooks,
        now: deps.now,
        warn: (message, details) => log.warn(message, details),
      },
      input,
      {
        attempt: (input.pacing?.attemptsBefore ?? 0) + info.attempt,
        workflowId: info.workflowExecution.workflowId,
        signal: cancellationSignal,
        ...(input.clock ?? {
          scheduledAtMs: info.currentAttemptScheduledTimestampMs,
          windowEndsAtMs: info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs,
        }),
      },
    );
  };
}

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

/** Starts the own workflow of a delivery its event's workflow did not deliver at the first attempt. */
export function createContinueDelivery({ db, followUps }: ActivityDependencies) {
  return async function continueDeliveryActivity(input: ContinueDeliveryInput): Promise<void> {
    await continueDelivery({ db, workflows: followUps.deliveries }, input);
  };
}
