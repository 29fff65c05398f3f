import { randomBytes } from 'node:crypto';

/** The spec's secret format: "whsec_" and 64 hex characters (32 random bytes). */
export const webhookSecretPattern = /^whsec_[0-9a-f]{64}$/i;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}
