import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** The logger of the request being served, for code that is not handed the request (Temporal interceptors). */
const currentRequestLog = new AsyncLocalStorage<FastifyBaseLogger>();

export function requestLog(): FastifyBaseLogger | undefined {
  return currentRequestLog.getStore();
}

/** Bindings that say who is asking, added to the request's own logger once authentication knows. */
function callerBindings(request: FastifyRequest): Record<string, string> | null {
  if (request.partnerAuth)
    return { partnerId: request.partnerAuth.partnerId, environment: request.partnerAuth.environment };
  if (request.portalUser)
    return {
      portalUserId: request.portalUser.id,
      ...(request.portalUser.partner_id ? { partnerId: request.portalUser.partner_id } : {}),
    };
  if (request.operator) return { operatorId: request.operator.id };
  return null;
}

/**
 * Every log line of a request carries its reqId (Fastify's child logger) and, after authentication,
 * the partner and environment. Register after the authentication plugin: its preValidation hook runs first.
 */
export const requestLogContext = fp(async (app: FastifyInstance) => {
  // Fastify runs the rest of the request (body parsing included) inside this scope.
  app.addHook('onRequest', (request, _reply, done) => currentRequestLog.run(request.log, done));

  app.addHook('preValidation', async (request) => {
    const bindings = callerBindings(request);
    // setBindings changes the request's child logger in place, so the reply's completion line gets them too.
    const log = request.log as FastifyBaseLogger & { setBindings?: (bindings: Record<string, string>) => void };
    if (bindings) log.setBindings?.(bindings);
  });
});
