import type { WebhookEndpoint } from '../../db/schema.js';
import type { SecretBox } from '../../security/secret-box.js';

/** The secrets that sign an attempt: the current one, and the previous one until its grace period ends. */
export function signingSecrets(
  endpoint: Pick<WebhookEndpoint, 'secret_encrypted' | 'previous_secret_encrypted' | 'previous_secret_expires_at'>,
  secretBox: SecretBox,
  now: Date,
): string[] {
  const { previous_secret_encrypted: previous, previous_secret_expires_at: expiresAt } = endpoint;
  const inGrace = previous !== null && expiresAt !== null && expiresAt.getTime() > now.getTime();
  return [secretBox.open(endpoint.secret_encrypted), ...(inGrace ? [secretBox.open(previous)] : [])];
}
