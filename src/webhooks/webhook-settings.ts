import type { Config } from '../config.js';

/** How deliveries behave; read from config once and handed to activities and workflows. */
export interface WebhookSettings {
  timeoutMs: number;
  retry: { initialIntervalSeconds: number; maximumIntervalSeconds: number; windowHours: number };
  disableAfterConsecutiveFailures: number;
  /** Sandbox endpoints may point at loopback and private addresses (local receivers, tests). */
  allowPrivateTargetsInSandbox: boolean;
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
    allowPrivateTargetsInSandbox: config.WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX,
  };
}
