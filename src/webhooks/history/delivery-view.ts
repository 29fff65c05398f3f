import type { WebhookAttempt, WebhookDelivery } from '../../db/schema.js';

export function attemptView(attempt: WebhookAttempt) {
  return {
    attemptNumber: attempt.attempt_number,
    responseStatus: attempt.response_status,
    responseBody: attempt.response_body,
    durationMs: attempt.duration_ms,
    error: attempt.error,
    succeeded: attempt.succeeded,
    createdAt: attempt.created_at.toISOString(),
  };
}

/** A delivery as the partner inspects it: what was sent (body and headers) and every attempt, oldest first. */
export function deliveryView(delivery: WebhookDelivery, attempts: WebhookAttempt[]) {
  return {
    id: delivery.id,
    eventId: delivery.event_id,
    eventType: delivery.event_type,
    status: delivery.status,
    attemptCount: delivery.attempt_count,
    manualRetries: delivery.manual_retries,
    createdAt: delivery.created_at.toISOString(),
    deliveredAt: delivery.delivered_at?.toISOString() ?? null,
    lastError: delivery.last_error,
    lastResponseStatus: delivery.last_response_status,
    nextAttemptAt: delivery.next_attempt_at?.toISOString() ?? null,
    request: {
      payload: JSON.parse(delivery.payload) as unknown,
      // Signatures and timestamps differ per attempt; the latest is what the receiver last saw.
      headers: attempts.at(-1)?.request_headers ?? null,
    },
    attempts: attempts.map(attemptView),
  };
}
