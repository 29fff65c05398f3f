import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TokenPoolQueries } from '../../pools/token-pool-queries.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses } from '../schemas/common.js';
import { exampleIds } from '../schemas/example-values.js';

const poolStatus = z.enum(['ACTIVE', 'INACTIVE']);

const poolExample = {
  id: exampleIds.pool,
  name: 'Sandbox pool',
  environment: 'sandbox' as const,
  status: 'ACTIVE' as const,
  balance: 88000,
  lowBalanceThreshold: 5000,
  isLowBalance: false,
  createdAt: '2026-04-01T08:00:00.000Z',
};

const tokenPoolSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    environment: z.enum(['sandbox', 'production']),
    status: poolStatus,
    balance: z.number().int(),
    lowBalanceThreshold: z.number().int(),
    isLowBalance: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'TokenPool', examples: [poolExample] });

const poolBalanceSchema = z
  .object({
    poolId: z.string(),
    balance: z.number().int(),
    lowBalanceThreshold: z.number().int(),
    isLowBalance: z.boolean(),
    status: poolStatus,
  })
  .meta({
    examples: [
      { poolId: poolExample.id, balance: 88000, lowBalanceThreshold: 5000, isLowBalance: false, status: 'ACTIVE' },
    ],
  });

const tags = ['Token pools'];

export const tokenPoolRoutes: FastifyPluginAsyncZod<{ pools: TokenPoolQueries }> = async (app, { pools }) => {
  app.get('/v1/partner/token-pools', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'List allocated token pools',
      response: {
        200: z.object({ data: z.array(tokenPoolSchema) }).meta({ examples: [{ data: [poolExample] }] }),
        ...errorResponses,
      },
    },
    handler: async (request) => pools.list(partnerOf(request)),
  });

  app.get('/v1/partner/token-pools/:id/balance', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get pool balance',
      params: z.strictObject({ id: z.string().min(1).max(64) }),
      response: { 200: poolBalanceSchema, ...errorResponses },
    },
    handler: async (request) => pools.balance(partnerOf(request), request.params.id),
  });
};
