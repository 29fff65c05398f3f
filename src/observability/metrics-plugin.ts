import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { BusinessFigures } from './business-figures.js';
import { createApiMetrics } from './metrics-registry.js';

export interface MetricsOptions {
  figures: BusinessFigures;
}

/**
 * Counts and times every answered request by route pattern (never the raw URL, which holds ids)
 * and serves the registry at GET /metrics for Prometheus.
 */
export const metrics = fp(async (app: FastifyInstance, { figures }: MetricsOptions) => {
  const { registry, requests, requestDuration } = createApiMetrics(figures);

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    requestDuration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', {
    schema: { tags: ['Operations'], summary: 'Prometheus metrics: requests, actions, deliveries, pool balances', produces: ['text/plain'] },
    handler: async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  });
});
