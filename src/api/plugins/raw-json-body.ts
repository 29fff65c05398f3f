import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body bytes exactly as received (null when none): HMAC signatures are computed over them. */
    rawBody: Buffer | null;
  }
}

export const rawJsonBody = fp(async (app: FastifyInstance) => {
  app.decorateRequest('rawBody', null);
  // Fastify's own parser guards against __proto__ and constructor.prototype poisoning.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  // A text body would be accepted unread and then fail its signature; 415 says what is wrong.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    parseJson(request, raw.toString('utf8'), (error, value) => {
      if (error) return done(new ApiError('INVALID_JSON', 'request body is not valid JSON'), undefined);
      done(null, value);
    });
  });
});
