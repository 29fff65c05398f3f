import { createHash, createHmac } from 'node:crypto';

export interface Credentials {
  partnerKey: string;
  hmacSecret: string;
}

/** The spec's Node.js signing helper, written out again here so tests do not trust the server's code. */
export function signedHeaders(
  credentials: Credentials,
  method: string,
  pathWithQuery: string,
  rawBody = '',
  timestamp = Math.floor(Date.now() / 1000).toString(),
): Record<string, string> {
  const bodyHash = createHash('sha256').update(rawBody).digest('hex');
  const signature = createHmac('sha256', credentials.hmacSecret)
    .update(`${timestamp}${method.toUpperCase()}${pathWithQuery}${bodyHash}`)
    .digest('hex');
  return {
    'x-partner-key': credentials.partnerKey,
    'x-timestamp': timestamp,
    'x-signature': signature,
    ...(rawBody ? { 'content-type': 'application/json' } : {}),
  };
}
