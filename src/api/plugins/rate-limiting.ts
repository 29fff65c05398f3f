import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface RateLimitingOptions {
  /** Budget of requests no partner key authenticates (portal login, key management), per client IP. */
  perIpPerMinute: number;
}

/** Probes, metrics scrapes and docs answer whatever the load. */
const exempt = (url: string | undefined) =>
  url === '/healthz' ||
  url === '/readyz' ||
  url === '/metrics' ||
  url === '/partner-api' ||
  (url?.startsWith('/partner-api/') ?? false);

/**
 * Each API key (a secret key and its publishable twin share one record) gets the partner record's
 * `rate_limit_per_minute` for itself, in a one-minute window. The check runs right after
 * authentication (a preValidation hook, after the global authentication hook), so the key is
 * known and malformed requests count too. The store lives in this replica's memory.
 */
export const rateLimiting = fp(async (app: FastifyInstance, { perIpPerMinute }: RateLimitingOptions) => {
  await app.register(rateLimit, {
    hook: 'preValidation',
    timeWindow: 60_000,
    // The default 5,000 would let a crowd of clients evict each other's counters.
    cache: 50_000,
    keyGenerator: (request: FastifyRequest) =>
      request.partnerAuth ? `key:${request.partnerAuth.key.id}` : `ip:${request.ip}`,
    max: (request: FastifyRequest) => request.partnerAuth?.partner.rate_limit_per_minute ?? perIpPerMinute,
    allowList: (request: FastifyRequest) => exempt(request.routeOptions.url),
  });
});
