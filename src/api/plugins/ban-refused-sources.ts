import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, type ErrorCode } from '../../errors.js';
import type { SourceBanList } from '../../security/source-ban-list.js';

/**
 * Refusals a working client meets rarely and a flooding sender meets on every request, with what
 * each counts for: a failed password check cost about half a second of a core (scrypt), so a few
 * of them ban as soon as many cheap refusals do.
 */
const refusalWeights: ReadonlyMap<ErrorCode, number> = new Map<ErrorCode, number>([
  ['PAYLOAD_TOO_LARGE', 1],
  ['RATE_LIMITED', 1],
  ['TOO_MANY_LOGIN_ATTEMPTS', 1],
  ['INVALID_JSON', 1],
  ['JSON_TOO_DEEP', 1],
  ['JSON_DUPLICATE_MEMBER', 1],
  ['JSON_INVALID_UNICODE', 1],
  ['JSON_NUMBER_NOT_REPRESENTABLE', 1],
  ['INVALID_CREDENTIALS', 4],
]);

export interface BanRefusedSourcesOptions {
  bans: SourceBanList;
}

/**
 * A source that keeps being refused is banned for a while, at the cheapest point there is: its new
 * connections are closed as they open, before any HTTP parsing, body reading or password hashing,
 * so a flood from one address costs everyone else little. A request already on an open connection
 * is answered 429 SOURCE_BANNED, with Retry-After, and the connection closed.
 */
export const banRefusedSources = fp(async (app: FastifyInstance, { bans }: BanRefusedSourcesOptions) => {
  app.server.on('connection', (socket: Socket) => {
    if (bans.bannedForMs(socket.remoteAddress ?? '') > 0) socket.destroy();
  });

  app.addHook('onRequest', async (request, reply) => {
    const bannedForMs = bans.bannedForMs(request.ip);
    if (bannedForMs === 0) return;
    const retryAfterSeconds = Math.ceil(bannedForMs / 1000);
    reply.header('connection', 'close');
    throw new ApiError(
      'SOURCE_BANNED',
      `too many refused requests from this address; try again in ${retryAfterSeconds} s`,
      {
        retryAfterSeconds,
      },
    );
  });

  app.addHook('onResponse', async (request) => {
    const weight = request.errorCode ? refusalWeights.get(request.errorCode) : undefined;
    if (weight) bans.refused(request.ip, weight);
  });
});
