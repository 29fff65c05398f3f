import { Context } from '@temporalio/activity';
import { sendWebhook, type SendWebhookInput } from '../src/webhooks/delivery/send-webhook.js';
import type { HeldBack } from '../src/webhooks/delivery/delivery-pacing.js';
import type { ActivityDependencies } from './dependencies.js';
import { deliveryControlFor } from './delivery-control.js';

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
