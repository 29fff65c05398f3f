import { ApiError } from '../../errors.js';
import { eventTypes, isEventType, wildcardEventType } from '../event-types.js';

export interface Subscription {
  eventTypes: string[];
  receiveAllEvents: boolean;
}

/**
 * Checks and normalises what an endpoint subscribes to: known types only, no repeats, and the
 * wildcard replaces any list it appears in (it already covers every type, present and future).
 */
export function normaliseSubscription({ eventTypes: requested, receiveAllEvents }: Subscription): Subscription {
  const unknown = requested.filter((type) => type !== wildcardEventType && !isEventType(type));
  if (unknown.length > 0) {
    throw new ApiError('VALIDATION_ERROR', `unknown event types: ${unknown.join(', ')}`, {
      unknownEventTypes: unknown,
      validEventTypes: [wildcardEventType, ...eventTypes],
    });
  }
  if (requested.length === 0 && !receiveAllEvents) {
    throw new ApiError('VALIDATION_ERROR', 'subscribe to at least one event type, "*", or set receiveAllEvents');
  }
  const types = requested.includes(wildcardEventType) ? [wildcardEventType] : [...new Set(requested)];
  return { eventTypes: types, receiveAllEvents };
}
