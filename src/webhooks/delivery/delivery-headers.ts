import { customHeaderProblems } from '../endpoints/custom-headers.js';
import { sirSignature, standardWebhookSignature } from '../webhook-signature.js';

export interface DeliveryHeaderInput {
  payload: string;
  timestampSeconds: number;
  /** The current secret, then the previous one while its grace period lasts. */
  secrets: string[];
  deliveryId: string;
  eventId: string;
  /** The Request-Id of the API call that caused the event, so a receiver can break request loops. */
  requestId: string | null;
  customHeaders: Record<string, string>;
  standardWebhooks: boolean;
}

/**
 * Every header of one attempt (sir-webhooks.md "Delivery format"). Custom headers come first and
 * only when valid and not reserved, whatever their case, so they can never replace ours.
 */
export function deliveryHeaders(input: DeliveryHeaderInput): Record<string, string> {
  const timestamp = String(input.timestampSeconds);
  const custom = Object.entries(input.customHeaders).filter(
    ([name, value]) => customHeaderProblems({ [name]: value }).length === 0,
  );
  return {
    ...Object.fromEntries(custom),
    'Content-Type': 'application/json',
    'User-Agent': 'SIRGiving-Webhooks/1.0',
    'X-SIR-Signature': sirSignature(input.secrets, timestamp, input.payload),
    'X-SIR-Timestamp': timestamp,
    'X-SIR-Delivery-Id': input.deliveryId,
    'X-SIR-Event-Id': input.eventId,
    ...(input.requestId ? { 'Request-Id': input.requestId } : {}),
    ...(input.standardWebhooks
      ? {
          'webhook-id': input.eventId,
          'webhook-timestamp': timestamp,
          'webhook-signature': standardWebhookSignature(input.secrets, input.eventId, timestamp, input.payload),
        }
      : {}),
  };
}
