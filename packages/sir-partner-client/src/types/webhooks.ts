import type { PageQuery } from '../pagination.js';
import type { Environment } from './common.js';

export type WebhookEventType =
  | 'action.completed'
  | 'action.failed'
  | 'action.reversed'
  | 'transaction.completed'
  | 'transaction.reversed'
  | 'redemption.approved'
  | 'redemption.rejected'
  | 'redemption.completed'
  | 'token_pool.low_balance'
  | 'token_pool.depleted'
  | 'token_pool.refilled'
  | 'token_pool_request.approved'
  | 'token_pool_request.rejected'
  | 'user.created'
  | 'user.upgraded'
  | 'campaign.activated'
  | 'campaign.paused'
  | 'campaign.completed'
  | 'campaign.budget_reached'
  | 'bulk_job.started'
  | 'bulk_job.completed'
  | 'bulk_job.failed'
  | 'partner.status_changed'
  | 'api_key.expiring'
  | 'webhook_endpoint.disabled';

/** The body of every delivery; the same `id` across retries, so receivers can dedupe. */
export interface WebhookEvent<Data = Record<string, unknown>> {
  id: string;
  type: WebhookEventType | (string & {});
  createdAt: string;
  data: Data;
}

/** Open after several failed attempts in a row: one delivery probes on its backoff, the others wait. */
export interface WebhookEndpointCircuit {
  state: 'closed' | 'open';
  openedAt: string | null;
  /** When the probe attempts next, while open. */
  nextProbeAt: string | null;
  /** The first failed attempt since the last success; the endpoint is disabled after the configured time. */
  failingSince: string | null;
  failedAttemptsInRow: number;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  environment: Environment;
  eventTypes: string[];
  receiveAllEvents: boolean;
  headers: Record<string, string>;
  /** Also signed with webhook-id, webhook-timestamp and webhook-signature. */
  standardWebhooks: boolean;
  /** Deliveries start one at a time, in the order their events were dispatched. */
  ordered: boolean;
  /** At most this many requests start per second; null: no limit. */
  maxDeliveriesPerSecond: number | null;
  isActive: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  consecutiveFailures: number;
  circuit: WebhookEndpointCircuit;
  /** Until then, deliveries are also signed with the secret before the last rotation. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  /** Shown once: `whsec_` and 64 hex characters. */
  secret: string;
}

export interface CreateWebhookInput {
  url: string;
  description?: string;
  /** `*` receives every type, including ones added later. */
  eventTypes?: (WebhookEventType | '*')[];
  receiveAllEvents?: boolean;
  headers?: Record<string, string>;
  /** Your own `whsec_` + 64 hex secret; one is generated when absent. */
  secret?: string;
  standardWebhooks?: boolean;
  ordered?: boolean;
  /** 1 to 1000; null or absent: no limit. */
  maxDeliveriesPerSecond?: number | null;
}

export interface UpdateWebhookInput {
  url?: string;
  description?: string | null;
  eventTypes?: (WebhookEventType | '*')[];
  receiveAllEvents?: boolean;
  /** Replaces every custom header. */
  headers?: Record<string, string>;
  standardWebhooks?: boolean;
  ordered?: boolean;
  /** null removes the limit. */
  maxDeliveriesPerSecond?: number | null;
  /** true re-enables a disabled endpoint. */
  isActive?: boolean;
}

export interface RotateWebhookSecretInput {
  /** How long the previous secret keeps signing; 24 by default. */
  gracePeriodHours?: number;
  secret?: string;
}

export type DeliveryStatus = 'PENDING' | 'RETRYING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

export interface WebhookAttempt {
  attemptNumber: number;
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  manualRetries: number;
  createdAt: string;
  deliveredAt: string | null;
  lastError: string | null;
  lastResponseStatus: number | null;
  nextAttemptAt: string | null;
  request: { payload: unknown; headers: Record<string, string> | null };
  /** Oldest first. */
  attempts: WebhookAttempt[];
}

export interface ListDeliveriesQuery extends PageQuery {
  status?: DeliveryStatus;
  eventType?: string;
  from?: string;
  to?: string;
}

export interface TestDelivery {
  deliveryId: string;
  eventId: string;
  webhookId: string;
  status: 'PENDING';
}

export interface RetriedDelivery {
  deliveryId: string;
  webhookId: string;
  eventId: string;
  status: 'PENDING';
  manualRetry: number;
}

export interface RecoveredDeliveries {
  webhookId: string;
  since: string;
  queued: number;
}
