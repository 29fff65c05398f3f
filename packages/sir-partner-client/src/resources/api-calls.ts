import type { ApiRequest, Transport } from '../http-transport.js';

export interface ApiCalls {
  /** A signed GET, retried when the answer says "not now". */
  read<T>(path: string, query?: object): Promise<T>;
  /** A signed write; `retrySafe` only when the body carries an idempotency key the API deduplicates by. */
  write<T>(method: ApiRequest['method'], path: string, body?: unknown, options?: { retrySafe: boolean }): Promise<T>;
  /** A browser-widget call, authenticated by the publishable key alone. */
  widget<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

export function apiCalls(send: Transport): ApiCalls {
  return {
    read: (path, query) => send({ method: 'GET', path, query, auth: 'signed', retrySafe: true }),
    write: (method, path, body, options) =>
      send({ method, path, body, auth: 'signed', retrySafe: options?.retrySafe ?? false }),
    widget: (method, path, body) => send({ method, path, body, auth: 'publishable', retrySafe: method === 'GET' }),
  };
}
