import type { Environment } from '../../db/schema.js';

/** Workflow ids carry idempotency: the same business key always names the same workflow. */
export const workflowIds = {
  action: (partnerId: string, environment: Environment, idempotencyKey: string) =>
    `action/${partnerId}/${environment}/${idempotencyKey}`,
  reversal: (partnerId: string, environment: Environment, refundIdempotencyKey: string) =>
    `reversal/${partnerId}/${environment}/${refundIdempotencyKey}`,
  bulk: (partnerId: string, environment: Environment, batchId: string) => `bulk/${partnerId}/${environment}/${batchId}`,
  redemption: (partnerId: string, environment: Environment, idempotencyKey: string) =>
    `redemption/${partnerId}/${environment}/${idempotencyKey}`,
  /** Campaign ids are unique across partners, so the id alone names the lifecycle. */
  campaign: (campaignId: string) => `campaign/${campaignId}`,
  /** Pool request ids are unique across partners too. */
  poolRequest: (requestId: string) => `pool-request/${requestId}`,
  /** One event's first attempt to each of its endpoints; a delivery it does not deliver goes on under `delivery`. */
  eventDelivery: (eventId: string) => `event-delivery/${eventId}`,
  /** One event to one endpoint; each manual re-delivery is a new run under its own id. */
  delivery: (webhookId: string, eventId: string, manualRetry = 0) =>
    manualRetry === 0 ? `delivery/${webhookId}/${eventId}` : `delivery/${webhookId}/${eventId}/retry-${manualRetry}`,
  /** The schedule that sweeps the outbox, and the prefix of the workflows it starts. */
  dispatchSchedule: 'dispatch-events',
  /** The schedule that warns of expiring API keys, and the prefix of the workflows it starts. */
  keyExpirySchedule: 'api-key-expiry',
  /** The schedule that restarts actions and reversals left PROCESSING. */
  redriveSchedule: 'redrive-stale-requests',
};
