import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TransactionQueries } from '../../transactions/transaction-queries.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, optionalDate, pageOf } from '../schemas/common.js';
import {
  listTransactionsQuery,
  transactionDetailSchema,
  transactionIdParams,
  transactionSchema,
} from '../schemas/transaction-schemas.js';

const tags = ['Transactions'];

export const transactionRoutes: FastifyPluginAsyncZod<{ transactions: TransactionQueries }> = async (
  app,
  { transactions },
) => {
  app.get('/v1/partner/transactions', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'List ledger transactions, newest first',
      querystring: listTransactionsQuery,
      response: { 200: pageOf(transactionSchema), ...errorResponses },
    },
    handler: async (request) => {
      const { limit, cursor, from, to, ...rest } = request.query;
      return transactions.list(
        partnerOf(request),
        { ...rest, from: optionalDate(from), to: optionalDate(to) },
        limit,
        cursor,
      );
    },
  });

  app.get('/v1/partner/transactions/:id', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get a transaction with its ledger entries',
      params: transactionIdParams,
      response: { 200: transactionDetailSchema, ...errorResponses },
    },
    handler: async (request) => transactions.get(partnerOf(request), request.params.id),
  });
};
