import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PoolRequestService } from '../../pool-requests/pool-request-service.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, pageOf } from '../schemas/common.js';
import { createPoolRequestBody, listPoolRequestsQuery, poolRequestSchema } from '../schemas/pool-request-schemas.js';

const tags = ['Token pools'];

export const poolRequestRoutes: FastifyPluginAsyncZod<{ poolRequests: PoolRequestService }> = async (
  app,
  { poolRequests },
) => {
  app.post('/v1/partner/token-pools/request', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Request more allocation',
      description:
        'Asks SIR Giving for more tokens. The request stays PENDING until an operator approves it (possibly for fewer tokens), rejects it, ' +
        'or it EXPIRES. Approval credits the pool and sends token_pool_request.approved and token_pool.refilled; rejection sends token_pool_request.rejected. ' +
        'Send an idempotencyKey to make retries safe: a retry answers the request already made, with the header Idempotent-Replayed: true.',
      body: createPoolRequestBody,
      response: { 201: poolRequestSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { request: created, replayed } = await poolRequests.request(partnerOf(request), request.body, request.id);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(created);
    },
  });

  app.get('/v1/partner/token-pools/requests', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'List allocation requests',
      querystring: listPoolRequestsQuery,
      response: { 200: pageOf(poolRequestSchema), ...errorResponses },
    },
    handler: async (request) =>
      poolRequests.list(partnerOf(request), request.query.status, request.query.limit, request.query.cursor),
  });
};
