// Imported by workflow code: pure, no Node built-ins.

/**
 * Why sendWebhook did not send: wait this long for a rate slot, or park until the delivery before it
 * ends. Or, only in the workflow: the local first attempt failed, wait this long before the next.
 */
export type Hold = { kind: 'rate'; waitMs: number } | { kind: 'ordered' } | { kind: 'retry'; waitMs: number };

/** What a delivery carries from one sendWebhook call to the next when a call was held back. */
export interface DeliveryPacing {
  /** Attempts made (sent) by earlier calls, so numbering and backoff go on where they stopped. */
  attemptsBefore: number;
  /** When the retry window closes; null until the first attempt, so waiting for a turn never uses it up. */
  windowEndsAtMs: number | null;
  /** The previous call was told to wait for a rate slot: this one asks at the front of the queue. */
  afterRateWait: boolean;
}

export const firstPacing: DeliveryPacing = { attemptsBefore: 0, windowEndsAtMs: null, afterRateWait: false };

/** sendWebhook's answer when it did not send, and how the next call goes on. */
export interface HeldBack {
  hold: Hold;
  pacing: DeliveryPacing;
}

/** What the event's workflow's first attempt left to the delivery's own workflow when it did not deliver. */
export interface FirstAttemptLeft {
  /** The end of the window that opened with that attempt, for parking. */
  windowEndsAtMs: number;
  /** What held it back (a failed attempt's backoff, a rate slot, an ordered turn); none when it parked or was stopped, so the next call asks again. */
  held?: HeldBack;
}
