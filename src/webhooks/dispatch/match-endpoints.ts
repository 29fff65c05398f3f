import type { EventRow, WebhookEndpoint } from '../../db/schema.js';
import { subscribes } from '../event-types.js';

export type EndpointSubscription = Pick<
  WebhookEndpoint,
  'id' | 'partner_id' | 'environment' | 'event_types' | 'receive_all_events'
>;
export type DispatchableEvent = Pick<EventRow, 'partner_id' | 'environment' | 'type' | 'data' | 'target_endpoint_id'>;

/**
 * The endpoints, among the active ones given, that receive an event: its partner's, in its
 * environment, subscribed to its type (the wildcard covers types added later). A targeted event
 * (a ping) goes to its target only, whatever the subscription.
 */
export function endpointsFor(event: DispatchableEvent, endpoints: EndpointSubscription[]): EndpointSubscription[] {
  return endpoints.filter((endpoint) => {
    if (endpoint.partner_id !== event.partner_id || endpoint.environment !== event.environment) return false;
    if (event.target_endpoint_id !== null) return endpoint.id === event.target_endpoint_id;
    // The notice that an endpoint was disabled is meant for the partner's other endpoints.
    if (event.type === 'webhook_endpoint.disabled' && event.data.webhookId === endpoint.id) return false;
    return subscribes({ receiveAllEvents: endpoint.receive_all_events, eventTypes: endpoint.event_types }, event.type);
  });
}
