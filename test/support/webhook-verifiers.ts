import crypto from 'node:crypto';

/**
 * The receiver from sir-webhooks.md's Node.js verifier, unchanged but for the inputs: the
 * X-SIR-Signature and X-SIR-Timestamp headers, the raw body, the secret, and the clock.
 */
export function specVerifierAccepts(
  sig: string,
  ts: string,
  rawBody: Buffer,
  secret: string,
  nowMs = Date.now(),
): boolean {
  const signedPayload = `${ts}.${rawBody.toString()}`;
  const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(signedPayload).digest('hex');

  const ok = sig.length === expected.length && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
  if (!ok) return false;

  if (Math.abs(nowMs / 1000 - Number(ts)) > 300) return false;
  return true;
}

/**
 * Standard Webhooks (standardwebhooks.com), written out: the key is the base64 decoding of the
 * secret after "whsec_"; the signed content is `${webhook-id}.${webhook-timestamp}.${body}`;
 * webhook-signature is a space-separated list of "v1,<base64 HMAC-SHA256>", any of which may match.
 */
export function standardWebhookVerifies(
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  secret: string,
): boolean {
  const key = Buffer.from(secret.split('_')[1] ?? '', 'base64');
  const expected = Buffer.from(
    crypto.createHmac('sha256', key).update(`${headers.id}.${headers.timestamp}.${body}`).digest('base64'),
  );
  return headers.signature.split(' ').some((entry) => {
    const [version, signature = ''] = entry.split(',');
    const given = Buffer.from(signature);
    return version === 'v1' && given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
}
