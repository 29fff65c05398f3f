import type { EventRow } from '../../db/schema.js';

/**
 * The body every delivery of an event sends (sir-webhooks.md "Payload envelope"). It is serialized
 * once and stored, so every attempt signs and sends the same bytes and receivers can dedupe on id.
 */
export function eventEnvelope(event: Pick<EventRow, 'id' | 'type' | 'created_at' | 'data'>): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.created_at.toISOString(),
    data: event.data,
  });
}
