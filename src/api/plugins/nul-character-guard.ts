import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

/** PostgreSQL text cannot hold U+0000: a NUL anywhere in the input is refused before it reaches a query. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  return false;
}

export const nulCharacterGuard = fp(async (app: FastifyInstance) => {
  app.addHook('preHandler', async (request) => {
    for (const [location, value] of [['path', request.params], ['query', request.query], ['body', request.body]] as const) {
      if (containsNul(value)) throw new ApiError('VALIDATION_ERROR', `the ${location} contains the NUL character (\\u0000), which no field accepts`);
    }
  });
});
