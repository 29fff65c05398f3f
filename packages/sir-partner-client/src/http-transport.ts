import { setTimeout as sleep } from 'node:timers/promises';
import { apiErrorFrom, SirConnectionError } from './errors.js';
import { signedRequestHeaders } from './request-signing.js';
import {
  defaultRetryPolicy,
  nextRetryDelayMs,
  retryableStatuses,
  retryAfterMs,
  type RetryPolicy,
} from './retry-policy.js';
import { userAgent } from './version.js';

export interface SirClientOptions {
  /** e.g. `https://devapi.sirgiving.org` (sandbox) or `http://127.0.0.1:3000` (npm run dev). */
  baseUrl: string;
  /** `sk_…`, for every signed call. */
  secretKey?: string;
  hmacSecret?: string;
  /** `pk_…`, for the widget calls (`client.widget`). */
  publishableKey?: string;
  retry?: Partial<RetryPolicy>;
  /** Per attempt; a timed-out attempt is a connection error. 30 s by default. */
  timeoutMs?: number;
}

export type QueryParams = Record<string, string | number | boolean | undefined>;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path with its parameters already encoded (see `pathOf`). */
  path: string;
  query?: object;
  body?: unknown;
  auth: 'signed' | 'publishable';
  /** Safe to send again: reads, and writes the API deduplicates by an idempotency key in the body. */
  retrySafe: boolean;
}

export type Transport = <T>(request: ApiRequest) => Promise<T>;

/** `/v1/partner/users/${id}` with every parameter percent-encoded, so the signed path is the sent one. */
export function pathOf(strings: TemplateStringsArray, ...params: string[]): string {
  return strings.reduce(
    (path, part, index) => path + part + (index < params.length ? encodeURIComponent(params[index]!) : ''),
    '',
  );
}

function requestUrl(baseUrl: string, path: string, query: object = {}): URL {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query as QueryParams))
    if (value !== undefined) search.set(name, String(value));
  const queryString = search.toString();
  return new URL(`${baseUrl.replace(/\/+$/, '')}${path}${queryString ? `?${queryString}` : ''}`);
}

function authHeaders(
  options: SirClientOptions,
  request: ApiRequest,
  url: URL,
  rawBody: string,
): Record<string, string> {
  if (request.auth === 'publishable') {
    if (!options.publishableKey)
      throw new Error(`${request.method} ${request.path} takes the publishable key: pass publishableKey to the client`);
    return { 'X-Partner-Key': options.publishableKey };
  }
  if (!options.secretKey || !options.hmacSecret)
    throw new Error(`${request.method} ${request.path} is signed: pass secretKey and hmacSecret to the client`);
  // The path as the URL will send it, so any normalization is signed too.
  const pathWithQuery = `${url.pathname}${url.search}`;
  return signedRequestHeaders(
    { secretKey: options.secretKey, hmacSecret: options.hmacSecret },
    { method: request.method, pathWithQuery, rawBody },
  );
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  return text === '' ? undefined : JSON.parse(text);
}

/** Sends API requests: signs each attempt afresh and retries only what is safe to send twice. */
export function createTransport(options: SirClientOptions): Transport {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;

  return async function send<T>(request: ApiRequest): Promise<T> {
    const url = requestUrl(options.baseUrl, request.path, request.query);
    // Serialized once: every attempt signs and sends these same bytes.
    const rawBody = request.body === undefined ? '' : JSON.stringify(request.body);
    for (let attempt = 1; ; attempt++) {
      const headers = {
        ...authHeaders(options, request, url, rawBody),
        'User-Agent': userAgent,
        Accept: 'application/json',
        ...(rawBody && { 'Content-Type': 'application/json' }),
      };
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body: rawBody || undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        const delay = request.retrySafe ? nextRetryDelayMs(policy, attempt) : undefined;
        if (delay === undefined)
          throw new SirConnectionError(`${request.method} ${url.pathname} got no answer after ${attempt} attempt(s)`, {
            cause,
          });
        await sleep(delay);
        continue;
      }
      if (response.ok) return (await bodyOf(response)) as T;
      const error = apiErrorFrom(response.status, await response.text(), response.headers.get('request-id'));
      const retryable = request.retrySafe && retryableStatuses.has(response.status);
      const delay = retryable
        ? nextRetryDelayMs(policy, attempt, retryAfterMs(response.headers.get('retry-after')))
        : undefined;
      if (delay === undefined) throw error;
      await sleep(delay);
    }
  };
}
