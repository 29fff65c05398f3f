import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors.js';
import type { BusinessFigures } from './business-figures.js';
import { createApiMetrics } from './metrics-registry.js';

export interface MetricsOptions {
  figures: BusinessFigures;
  /** The bearer token a scrape must send; open without one. */
  token?: string;
}

/** Whether the Authorization header carries the token; compared as digests, in constant time. */
function presentsToken(authorization: string | undefined, token: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`));
}

/**
 * Counts and times every answered request by route pattern (never the raw URL, which holds ids)
 * and serves the registry at GET /metrics for Prometheus, behind a bearer token when one is set.
 */
export const metrics = fp(async (app: FastifyInstance, { figures, token }: MetricsOptions) => {
  const { registry, requests, requestDuration } = createApiMetrics(figures);

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    requestDuration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', {
    schema: {
      tags: ['Operations'],
      summary: 'Prometheus metrics: requests, actions, deliveries, pool balances',
      produces: ['text/plain'],
    },
    handler: async (request, reply) => {
      if (token !== undefined && !presentsToken(request.headers.authorization, token)) {
        throw new ApiError('UNAUTHORIZED', 'send the metrics token: Authorization: Bearer …');
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  });
});
