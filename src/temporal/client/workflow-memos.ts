import type { ActionRequest } from '../../actions/action-types.js';
import type { Action } from '../../db/schema.js';
import type { DeliveryToStart } from '../../webhooks/dispatch/dispatch-repository.js';
import { redactedUrl } from '../../webhooks/redacted-url.js';

// Memos are the human context shown with a workflow in the Web UI; search attributes find it.
// Neither may carry a secret: no emails, no query strings (receivers put tokens there).

export function actionMemo(action: Pick<Action, 'action_type' | 'amount' | 'currency' | 'campaign_id' | 'request'>) {
  const { stakeholders = [] } = action.request as Partial<ActionRequest>;
  return {
    actionType: action.action_type,
    amount: action.amount,
    currency: action.currency,
    users: stakeholders.map((s) => `${s.stakeholderTypeCode}:${s.partnerUserId}`),
    ...(action.campaign_id && { campaignId: action.campaign_id }),
  };
}

export function deliveryMemo(delivery: Pick<DeliveryToStart, 'url' | 'eventId' | 'eventType'>) {
  return { endpoint: redactedUrl(delivery.url), eventId: delivery.eventId, eventType: delivery.eventType };
}

/** The event's deliveries by id: a dispatcher that finds the workflow started already learns which it covers. */
export function eventDeliveryMemo(
  event: Pick<DeliveryToStart, 'eventId' | 'eventType'>,
  deliveries: Pick<DeliveryToStart, 'id'>[],
) {
  return { eventId: event.eventId, eventType: event.eventType, deliveryIds: deliveries.map((delivery) => delivery.id) };
}
