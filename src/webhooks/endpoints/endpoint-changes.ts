import type { UpdateObject } from 'kysely';
import type { Database, WebhookEndpoint } from '../../db/schema.js';
import { normaliseSubscription } from './subscription.js';

export interface EndpointChanges {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  receiveAllEvents?: boolean;
  headers?: Record<string, string>;
  standardWebhooks?: boolean;
  ordered?: boolean;
  maxDeliveriesPerSecond?: number | null;
  isActive?: boolean;
}

const disabledByPartner = 'disabled by the partner';

/** The column updates a PATCH makes, headers aside (they are sealed); the subscription is checked as it will be after the change. */
export function endpointChanges(
  current: WebhookEndpoint,
  changes: EndpointChanges,
  now: Date,
): UpdateObject<Database, 'webhook_endpoints'> {
  const subscriptionChanged = changes.eventTypes !== undefined || changes.receiveAllEvents !== undefined;
  const subscription = subscriptionChanged
    ? normaliseSubscription({
        eventTypes: changes.eventTypes ?? current.event_types,
        receiveAllEvents: changes.receiveAllEvents ?? current.receive_all_events,
      })
    : undefined;
  // Enabled again: a fresh start, with no streak and a closed circuit.
  const reenabled = {
    is_active: true,
    disabled_reason: null,
    disabled_at: null,
    consecutive_failures: 0,
    failed_attempts_in_row: 0,
    failing_since: null,
    circuit_opened_at: null,
    circuit_probe_delivery_id: null,
    circuit_next_probe_at: null,
  };
  return {
    ...(changes.url !== undefined && { url: changes.url }),
    ...(changes.description !== undefined && { description: changes.description }),
    ...(subscription && { event_types: subscription.eventTypes, receive_all_events: subscription.receiveAllEvents }),
    ...(changes.standardWebhooks !== undefined && { standard_webhooks: changes.standardWebhooks }),
    ...(changes.ordered !== undefined && { ordered: changes.ordered }),
    ...(changes.maxDeliveriesPerSecond !== undefined && { max_deliveries_per_second: changes.maxDeliveriesPerSecond }),
    ...(changes.isActive === true && !current.is_active && reenabled),
    ...(changes.isActive === false &&
      current.is_active && { is_active: false, disabled_reason: disabledByPartner, disabled_at: now }),
  };
}
