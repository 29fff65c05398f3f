import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The spec's signing window: five minutes either side of server time. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export interface SignedRequest {
  timestamp: string;
  method: string;
  pathWithQuery: string;
  rawBody: Buffer | string;
}

/** HMAC_SHA256_hex(secret, timestamp + METHOD + pathWithQuery + SHA256_hex(rawBody)). */
export function computeRequestSignature(hmacSecret: string, request: SignedRequest): string {
  const bodyHash = createHash('sha256').update(request.rawBody).digest('hex');
  const signedPayload = `${request.timestamp}${request.method.toUpperCase()}${request.pathWithQuery}${bodyHash}`;
  return createHmac('sha256', hmacSecret).update(signedPayload).digest('hex');
}

/** Whole seconds only; a timestamp outside the window either way is stale. */
export function isTimestampFresh(timestamp: string, nowMs: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= SIGNATURE_WINDOW_SECONDS;
}

export function signaturesMatch(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'utf8');
  const given = Buffer.from(givenHex.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
