import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { UsageFlushError, type ApiUsageRecorder } from '../../usage/api-usage-recorder.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-minute request counts of this replica; flush() writes them now (tests, shutdown). */
    apiUsage: ApiUsageRecorder;
  }
}

export interface ApiUsageOptions {
  recorder: ApiUsageRecorder;
  flushIntervalMs?: number;
}

/**
 * Counts every answered request of an authenticated partner, whatever its status (429s too),
 * without a database write on the request path: buckets are flushed every few seconds and on close.
 * Requests no partner key authenticated are not attributed to anyone and not counted.
 */
export const apiUsage = fp(async (app: FastifyInstance, { recorder, flushIntervalMs = 5000 }: ApiUsageOptions) => {
  app.decorate('apiUsage', recorder);

  app.addHook('onResponse', async (request, reply) => {
    const auth = request.partnerAuth;
    const route = request.routeOptions.url;
    if (!auth || !route) return;
    recorder.record({
      partnerId: auth.partnerId,
      environment: auth.environment,
      keyId: auth.key.id,
      method: request.method,
      route,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
    });
  });

  // A failed flush keeps its counts for the next one; it must never take the process down.
  const flushAndLog = () =>
    recorder.flush().catch((error: unknown) => {
      const dropped = error instanceof UsageFlushError ? error.dropped : 0;
      app.log[dropped > 0 ? 'error' : 'warn']({ err: error }, 'API usage flush failed');
    });

  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => void flushAndLog(), flushIntervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await flushAndLog();
  });
});
