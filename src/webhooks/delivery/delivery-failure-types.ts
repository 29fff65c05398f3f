// Imported by workflow code: pure, no Node built-ins.

/** ApplicationFailure types that end a delivery's attempts; the deliverWebhook workflow branches on them. */
export const deliveryFailureTypes = {
  /** Deleted or disabled endpoint, cancelled delivery, or a newer run took over: stop without counting a failure. */
  cancelled: 'DeliveryCancelled',
  /** 410 Gone: the delivery is already FAILED and its endpoint disabled. */
  endpointGone: 'EndpointGone',
  /** The URL itself is not allowed (scheme or literal address): no retry can succeed. */
  unsafeTarget: 'UnsafeTarget',
  /** A retryable failed attempt: no 2xx, a timeout, a refused connection, a TLS error. */
  attemptFailed: 'DeliveryAttemptFailed',
  /** The endpoint's circuit is open and another delivery probes it: wait for a resume signal. */
  parked: 'DeliveryParked',
} as const;

/** What a failed attempt tells the workflow that runs the next one itself: how long to wait first (the schedule or the receiver's Retry-After). */
export interface AttemptFailureDetails {
  retryDelayMs: number;
}
