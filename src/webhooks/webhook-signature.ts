import { createHmac } from 'node:crypto';

/** X-SIR-Signature: "sha256=" + HMAC_SHA256_hex(secret, `${timestamp}.${rawBody}`), one per active secret. */
export function sirSignature(secrets: string[], timestamp: string, rawBody: string): string {
  return secrets
    .map((secret) => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`)
    .join(' ');
}

/**
 * Standard Webhooks (webhook-signature: "v1,<base64>" over `${id}.${timestamp}.${body}`), keyed by
 * the base64-decoded part after "whsec_", which is what the standard's verifier libraries do.
 */
export function standardWebhookSignature(
  secrets: string[],
  messageId: string,
  timestamp: string,
  rawBody: string,
): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${rawBody}`).digest('base64')}`;
    })
    .join(' ');
}
