import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from './types/webhooks.js';

/** Node's IncomingHttpHeaders (lower-case names) or a fetch Headers object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface WebhookVerificationOptions {
  /** The endpoint's `whsec_…` secret; several while you move to a new one yourself. */
  secret: string | string[];
  /** Largest distance of the delivery's timestamp from now; 300 s, as the spec recommends. */
  toleranceSeconds?: number;
  nowMs?: number;
}

export type WebhookVerificationFailure =
  | 'MISSING_HEADERS'
  | 'TIMESTAMP_OUT_OF_TOLERANCE'
  | 'SIGNATURE_MISMATCH'
  | 'INVALID_PAYLOAD';

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(
    readonly reason: WebhookVerificationFailure,
    message: string,
  ) {
    super(message);
  }
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  // Header names are case-insensitive; Node lower-cases them, a hand-built record may not.
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

function checkTimestamp(timestamp: string, options: WebhookVerificationOptions): void {
  const nowSeconds = (options.nowMs ?? Date.now()) / 1000;
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError(
      'TIMESTAMP_OUT_OF_TOLERANCE',
      `timestamp ${timestamp} is outside the tolerance; a replay, or a clock far off`,
    );
  }
}

/** Whether any signature given matches any expected one; each comparison takes constant time. */
function anyMatches(given: string[], expected: string[]): boolean {
  return given.some((candidate) => {
    const candidateBytes = Buffer.from(candidate);
    return expected.some((value) => {
      const expectedBytes = Buffer.from(value);
      return candidateBytes.length === expectedBytes.length && timingSafeEqual(candidateBytes, expectedBytes);
    });
  });
}

const secretsOf = (options: WebhookVerificationOptions) =>
  Array.isArray(options.secret) ? options.secret : [options.secret];

/**
 * X-SIR-Signature: `sha256=` + HMAC_SHA256_hex(secret, `${X-SIR-Timestamp}.${rawBody}`). During a
 * rotation the header carries one signature per active secret, space separated: any may match.
 */
export function verifySirSignature(
  headers: WebhookHeaders,
  rawBody: string | Uint8Array,
  options: WebhookVerificationOptions,
): void {
  const signature = header(headers, 'x-sir-signature');
  const timestamp = header(headers, 'x-sir-timestamp');
  if (!signature || !timestamp)
    throw new WebhookVerificationError('MISSING_HEADERS', 'X-SIR-Signature or X-SIR-Timestamp is missing');
  const expected = secretsOf(options).map(
    (secret) => `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`,
  );
  if (!anyMatches(signature.split(/\s+/), expected))
    throw new WebhookVerificationError('SIGNATURE_MISMATCH', 'X-SIR-Signature does not match the body');
  checkTimestamp(timestamp, options);
}

/**
 * Standard Webhooks: webhook-signature lists `v1,<base64 HMAC-SHA256>` over
 * `${webhook-id}.${webhook-timestamp}.${rawBody}`, keyed by the base64 decoding of the secret after `whsec_`.
 */
export function verifyStandardWebhookSignature(
  headers: WebhookHeaders,
  rawBody: string | Uint8Array,
  options: WebhookVerificationOptions,
): void {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signature)
    throw new WebhookVerificationError(
      'MISSING_HEADERS',
      'webhook-id, webhook-timestamp or webhook-signature is missing',
    );
  const expected = secretsOf(options).map((secret) => {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest('base64')}`;
  });
  if (!anyMatches(signature.split(' '), expected))
    throw new WebhookVerificationError('SIGNATURE_MISMATCH', 'webhook-signature does not match the body');
  checkTimestamp(timestamp, options);
}

/**
 * Verifies a delivery by the scheme it carries (X-SIR-Signature when present, else Standard
 * Webhooks) and returns its event. Pass the body exactly as received: re-serialized JSON differs.
 */
export function verifyWebhook<Data = Record<string, unknown>>(
  headers: WebhookHeaders,
  rawBody: string | Uint8Array,
  options: WebhookVerificationOptions,
): WebhookEvent<Data> {
  if (header(headers, 'x-sir-signature') !== undefined) verifySirSignature(headers, rawBody, options);
  else verifyStandardWebhookSignature(headers, rawBody, options);
  try {
    return JSON.parse(Buffer.from(rawBody).toString('utf8')) as WebhookEvent<Data>;
  } catch {
    throw new WebhookVerificationError('INVALID_PAYLOAD', 'the signed body is not JSON');
  }
}
