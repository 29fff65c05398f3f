import { ActivityFailure, ApplicationFailure, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { deliveryFailureTypes } from '../src/webhooks/delivery/delivery-failure-types.js';
import { sendWebhookOptions, type DeliveryPolicy } from '../src/webhooks/delivery/delivery-policy.js';
import { ledgerWrite } from './activity-options.js';
import { recordStatus } from './record-status.js';

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
 * One event to one endpoint. Attempts, backoff and the retry window are all sendWebhook's Temporal
 * retry policy; this workflow only decides what the end of the attempts means.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  const result = await attemptDelivery(input);
  recordStatus(result.status);
  return result;
}

async function attemptDelivery({ deliveryId, policy }: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  const { sendWebhook } = proxyActivities<Activities>(sendWebhookOptions(policy));
  try {
    await sendWebhook({ deliveryId, policy });
    return { deliveryId, status: 'DELIVERED' };
  } catch (error) {
    // Cancelled with its endpoint (deleted or disabled): whoever cancelled closed the delivery.
    if (isCancellation(error)) return { deliveryId, status: 'CANCELLED' };
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    const type = cause instanceof ApplicationFailure ? cause.type : undefined;
    if (type === deliveryFailureTypes.cancelled) return { deliveryId, status: 'CANCELLED' };
    // A 410 closed the delivery and disabled the endpoint in the attempt itself.
    if (type !== deliveryFailureTypes.endpointGone) {
      await markDeliveryFailed({ deliveryId, workflowId: workflowInfo().workflowId, reason: cause?.message ?? String(error) });
    }
    return { deliveryId, status: 'FAILED' };
  }
}
