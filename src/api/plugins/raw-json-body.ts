import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';
import { iJsonRefusal } from '../i-json.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body bytes exactly as received (null when none): HMAC signatures are computed over them. */
    rawBody: Buffer | null;
  }
}

/** Deep enough for any metadata a partner sends, shallow enough for the recursive checks after it. */
export const maxJsonDepth = 32;

// Bytes that are not UTF-8 (a lone surrogate encoded as CESU-8, say) are refused, never replaced by U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(raw: Buffer): string | undefined {
  try {
    return utf8.decode(raw);
  } catch {
    return undefined;
  }
}

/** Every JSON body is I-JSON (RFC 7493) before any hook or handler sees it: a signed body means one thing to every parser. */
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
    const text = decodeUtf8(raw);
    if (text === undefined)
      return done(new ApiError('JSON_INVALID_UNICODE', 'request body is not valid UTF-8'), undefined);
    const refusal = iJsonRefusal(text, maxJsonDepth);
    if (refusal) return done(new ApiError(refusal.rule, refusal.message), undefined);
    // Fastify's default parser answers through the callback; its type also allows the promise form.
    void parseJson(request, text, (error, value) => {
      if (error) return done(new ApiError('INVALID_JSON', 'request body is not valid JSON'), undefined);
      done(null, value);
    });
  });
});
