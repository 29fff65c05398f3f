import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { SendTarget } from './send-target.js';

/** Response bodies are kept for the delivery history up to this size (sir-webhooks.md). */
export const responseBodyLimitBytes = 10 * 1024;

export interface PostResponse {
  status: number;
  /** The first responseBodyLimitBytes of the body; the rest is never read. */
  body: string;
  retryAfter: string | undefined;
}

/** Resolves every name to the address already checked: no DNS between the check and the connection. */
function pinnedLookup({ address, family }: SendTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all)
      (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
        { address, family },
      ]);
    else callback(null, address, family);
  };
}

/**
 * One POST of the body, bounded by the timeout and the activity's cancellation signal. Redirects
 * are answers like any other (node:http never follows them); a fresh connection each time.
 */
export function postJson(
  target: SendTarget,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; signal: AbortSignal; onSent?: () => void },
): Promise<PostResponse> {
  return new Promise((resolve, reject) => {
    const transport = target.url.protocol === 'https:' ? https : http;
    const request = transport.request(target.url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(target),
      agent: false,
      signal: options.signal,
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`timed out: no complete answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('close', () => clearTimeout(timer));
    // The whole request is written: when a rate-limited endpoint's next request may be timed from.
    if (options.onSent) request.on('finish', options.onSent);
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const retryAfter = response.headers['retry-after'];
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, responseBodyLimitBytes).toString('utf8'),
          retryAfter,
        });
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= responseBodyLimitBytes) finish();
      });
      response.on('end', finish);
      response.on('error', reject);
    });
    request.end(body);
  });
}
