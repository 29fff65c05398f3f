import type { Config } from '../config.js';

/** How deliveries behave; read from config once and handed to activities and workflows. */
export interface WebhookSettings {
  timeoutMs: number;
  retry: { initialIntervalSeconds: number; maximumIntervalSeconds: number; windowHours: number };
  disableAfterConsecutiveFailures: number;
  /** An endpoint that has had no successful attempt for this long is disabled. */
  disableAfterFailingHours: number;
  /** Failed attempts in a row (any deliveries) that open the endpoint's circuit. */
  circuitOpenAfterFailures: number;
  /** Sandbox endpoints may point at loopback and private addresses (local receivers, tests). */
  allowPrivateTargetsInSandbox: boolean;
  /** How often the dispatch-events schedule sweeps the outbox for events no fast path dispatched. */
  dispatchIntervalSeconds: number;
  /** Concurrent HTTP sends per webhooks worker: bounds what slow endpoints can hold. */
  maxConcurrentSends: number;
}

export function webhookSettingsFrom(config: Config): WebhookSettings {
  return {
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retry: {
      initialIntervalSeconds: config.WEBHOOK_RETRY_INITIAL_SECONDS,
      maximumIntervalSeconds: config.WEBHOOK_RETRY_MAX_INTERVAL_SECONDS,
      windowHours: config.WEBHOOK_RETRY_WINDOW_HOURS,
    },
    disableAfterConsecutiveFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
    disableAfterFailingHours: config.WEBHOOK_DISABLE_AFTER_FAILING_HOURS,
    circuitOpenAfterFailures: config.WEBHOOK_CIRCUIT_OPEN_AFTER_FAILURES,
    allowPrivateTargetsInSandbox: config.WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX,
    dispatchIntervalSeconds: config.WEBHOOK_DISPATCH_INTERVAL_SECONDS,
    maxConcurrentSends: config.WEBHOOK_MAX_CONCURRENT_SENDS,
  };
}
