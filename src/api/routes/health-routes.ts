import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

const readiness = z
  .object({ status: z.enum(['ready', 'not_ready']), checks: z.record(z.string(), z.boolean()) })
  .meta({ examples: [{ status: 'ready', checks: { database: true, temporal: true } }] });

/** /healthz: the process answers. /readyz: its database and Temporal answer too. */
export const healthRoutes: FastifyPluginAsyncZod<{ checkReadiness: ReadinessCheck }> = async (
  app,
  { checkReadiness },
) => {
  app.get('/healthz', {
    schema: {
      tags: ['Operations'],
      summary: 'Liveness',
      response: { 200: z.object({ status: z.literal('ok') }).meta({ examples: [{ status: 'ok' }] }) },
    },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    schema: {
      tags: ['Operations'],
      summary: 'Readiness: database and Temporal reachable',
      response: { 200: readiness, 503: readiness },
    },
    handler: async (_request, reply) => {
      const checks = await checkReadiness();
      const ready = Object.values(checks).every(Boolean);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  });
};
