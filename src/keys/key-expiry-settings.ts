import type { Config } from '../config.js';

/** When the api-key-expiry schedule looks for expiring keys, and how far ahead. */
export interface KeyExpirySettings {
  sweepIntervalSeconds: number;
  warningDays: number;
}

export function keyExpirySettingsFrom(config: Config): KeyExpirySettings {
  return {
    sweepIntervalSeconds: config.API_KEY_EXPIRY_SWEEP_INTERVAL_SECONDS,
    warningDays: config.API_KEY_EXPIRY_WARNING_DAYS,
  };
}
