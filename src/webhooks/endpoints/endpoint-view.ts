import type { WebhookEndpoint } from '../../db/schema.js';
import { circuitView } from './circuit-view.js';

/** What a partner sees of an endpoint: never a secret or a custom header's value, sealed or not. */
export function webhookEndpointView(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    environment: endpoint.environment,
    eventTypes: endpoint.event_types,
    receiveAllEvents: endpoint.receive_all_events,
    // Write-only, like the secret: the names, and at most the last characters of each value.
    headers: endpoint.header_hints,
    standardWebhooks: endpoint.standard_webhooks,
    ordered: endpoint.ordered,
    maxDeliveriesPerSecond: endpoint.max_deliveries_per_second,
    isActive: endpoint.is_active,
    disabledReason: endpoint.disabled_reason,
    disabledAt: endpoint.disabled_at?.toISOString() ?? null,
    consecutiveFailures: endpoint.consecutive_failures,
    circuit: circuitView(endpoint),
    previousSecretExpiresAt: endpoint.previous_secret_expires_at?.toISOString() ?? null,
    createdAt: endpoint.created_at.toISOString(),
    updatedAt: endpoint.updated_at.toISOString(),
  };
}

export type WebhookEndpointView = ReturnType<typeof webhookEndpointView>;
