import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { UserLedgerQueries } from '../../users/user-ledger-queries.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, optionalDate, pageOf } from '../schemas/common.js';
import { transactionSchema, userBalanceSchema, userTransactionsQuery } from '../schemas/transaction-schemas.js';
import { externalIdParams } from '../schemas/user-schemas.js';

const tags = ['Users'];

export const userLedgerRoutes: FastifyPluginAsyncZod<{ userLedger: UserLedgerQueries }> = async (
  app,
  { userLedger },
) => {
  app.get('/v1/partner/users/:externalId/balance', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get user balance and debt',
      params: externalIdParams,
      response: { 200: userBalanceSchema, ...errorResponses },
    },
    handler: async (request) => userLedger.balance(partnerOf(request), request.params.externalId),
  });

  app.get('/v1/partner/users/:externalId/transactions', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: "Get the user's ledger transactions, newest first",
      params: externalIdParams,
      querystring: userTransactionsQuery,
      response: { 200: pageOf(transactionSchema), ...errorResponses },
    },
    handler: async (request) => {
      const { limit, cursor, from, to, ...rest } = request.query;
      return userLedger.transactions(
        partnerOf(request),
        request.params.externalId,
        { ...rest, from: optionalDate(from), to: optionalDate(to) },
        limit,
        cursor,
      );
    },
  });
};
