/** Every event type a partner can subscribe to (sir-webhooks.md), plus the endpoint notification. */
export const eventTypes = [
  'action.completed',
  'action.failed',
  'action.reversed',
  'transaction.completed',
  'transaction.reversed',
  'redemption.approved',
  'redemption.rejected',
  'redemption.completed',
  'token_pool.low_balance',
  'token_pool.depleted',
  'token_pool.refilled',
  'token_pool_request.approved',
  'token_pool_request.rejected',
  'user.created',
  'user.upgraded',
  'campaign.activated',
  'campaign.paused',
  'campaign.completed',
  'campaign.budget_reached',
  'bulk_job.started',
  'bulk_job.completed',
  'bulk_job.failed',
  'partner.status_changed',
  'api_key.expiring',
  // Peer idea (auto-disable with a notification): told to the partner's other endpoints.
  'webhook_endpoint.disabled',
] as const;

export type EventType = (typeof eventTypes)[number];

/** The subscription wildcard: every type, including ones added later. */
export const wildcardEventType = '*';

export function isEventType(value: string): value is EventType {
  return (eventTypes as readonly string[]).includes(value);
}

/** Whether an endpoint with these subscriptions receives an event of this type. */
export function subscribes(endpoint: { receiveAllEvents: boolean; eventTypes: string[] }, type: string): boolean {
  return (
    endpoint.receiveAllEvents || endpoint.eventTypes.includes(wildcardEventType) || endpoint.eventTypes.includes(type)
  );
}
