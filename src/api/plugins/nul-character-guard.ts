import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

/** Path and query values are strings or lists of them; JSON bodies are checked as they are parsed. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some((item) => typeof item === 'string' && item.includes('\u0000'));
  if (value && typeof value === 'object')
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  return false;
}

/** PostgreSQL text cannot hold U+0000: a NUL in the path or query is refused before it reaches a query. */
export const nulCharacterGuard = fp(async (app: FastifyInstance) => {
  app.addHook('preHandler', async (request) => {
    for (const [location, value] of [
      ['path', request.params],
      ['query', request.query],
    ] as const) {
      if (containsNul(value))
        throw new ApiError(
          'VALIDATION_ERROR',
          `the ${location} contains the NUL character (\\u0000), which no field accepts`,
        );
    }
  });
});
