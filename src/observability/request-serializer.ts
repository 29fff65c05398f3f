import type { FastifyRequest } from 'fastify';

/** A checkout link's path segment is its bearer token: whoever holds it can complete the donation. */
export function withoutCheckoutToken(url: string): string {
  return url.replace(/^\/checkout\/[^/?#]+/, '/checkout/[redacted]');
}

/** Fastify's request fields, with the URL stripped of any bearer token it carries. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: withoutCheckoutToken(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
