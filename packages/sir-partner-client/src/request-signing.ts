import { createHash, createHmac } from 'node:crypto';

export interface RequestToSign {
  /** Unix seconds, the same string sent in X-Timestamp. */
  timestamp: string;
  method: string;
  /** Path and query string exactly as sent, e.g. `/v1/partner/users?limit=10`. */
  pathWithQuery: string;
  /** The exact body bytes sent; empty for none. */
  rawBody: string | Uint8Array;
}

export interface SigningCredentials {
  /** `sk_test_…` or `sk_live_…`. */
  secretKey: string;
  hmacSecret: string;
}

/** HMAC_SHA256_hex(hmacSecret, timestamp + METHOD + pathWithQuery + SHA256_hex(rawBody)), as the spec defines it. */
export function requestSignature(hmacSecret: string, request: RequestToSign): string {
  const bodyHash = createHash('sha256').update(request.rawBody).digest('hex');
  const signedPayload = `${request.timestamp}${request.method.toUpperCase()}${request.pathWithQuery}${bodyHash}`;
  return createHmac('sha256', hmacSecret).update(signedPayload).digest('hex');
}

export function unixSeconds(nowMs: number): string {
  return Math.floor(nowMs / 1000).toString();
}

/** The headers of a signed request, timestamped now: the API refuses timestamps 5 minutes off. */
export function signedRequestHeaders(
  credentials: SigningCredentials,
  request: Omit<RequestToSign, 'timestamp'>,
  nowMs = Date.now(),
): Record<string, string> {
  const timestamp = unixSeconds(nowMs);
  return {
    'X-Partner-Key': credentials.secretKey,
    'X-Timestamp': timestamp,
    'X-Signature': requestSignature(credentials.hmacSecret, { ...request, timestamp }),
  };
}
