import { ActivityFailure, ApplicationFailure, isCancellation, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { deliveryFailureTypes } from '../src/webhooks/delivery/delivery-failure-types.js';
import { sendWebhookOptions, type DeliveryPolicy } from '../src/webhooks/delivery/delivery-policy.js';
import { ledgerWrite } from './activity-options.js';
import { pacedSend } from './paced-send.js';
import { recordStatus } from './record-status.js';

const pacedSendPatch = 'paced-send';

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
 * retry policy (paced by the endpoint's gates); this workflow only decides what the end of the attempts means.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  const result = await attemptDelivery(input);
  recordStatus(result.status);
  return result;
}

async function attemptDelivery({ deliveryId, policy }: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  // Runs started before ordered endpoints and rate limits keep their single ungated call.
  const paced = patched(pacedSendPatch);
  try {
    if (paced) await pacedSend(deliveryId, policy);
    else await proxyActivities<Activities>(sendWebhookOptions(policy)).sendWebhook({ deliveryId, policy });
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
