import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../../errors.js';
import type { RedemptionQueries } from '../../redemptions/redemption-queries.js';
import type { RedemptionSubmission } from '../../redemptions/redemption-submission.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, pageOf } from '../schemas/common.js';
import {
  listRedemptionsQuery,
  redeemTokensBody,
  redemptionIdParams,
  redemptionSchema,
  userRedemptionsQuery,
} from '../schemas/redemption-schemas.js';
import { externalIdParams } from '../schemas/user-schemas.js';

export interface RedemptionRouteDeps {
  redeemTokens: RedemptionSubmission;
  redemptionQueries: RedemptionQueries;
}

const tags = ['Redemptions'];

export const redemptionRoutes: FastifyPluginAsyncZod<RedemptionRouteDeps> = async (
  app,
  { redeemTokens, redemptionQueries },
) => {
  app.post('/v1/partner/users/:externalId/redemptions', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: "Spend a user's tokens as a gift to a nonprofit",
      description:
        'Answers 200 with the redemption once COMPLETED within a short wait, else 202 while PENDING or APPROVED; a rejected redemption answers 422 with INSUFFICIENT_BALANCE, OUTSTANDING_DEBT or ORGANIZATION_NOT_ACTIVE. An unknown user or organization is a 404. The same idempotencyKey always returns the same redemption.',
      params: externalIdParams,
      body: redeemTokensBody,
      response: { 200: redemptionSchema, 202: redemptionSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { httpStatus, result } = await redeemTokens(
        partnerOf(request),
        request.params.externalId,
        request.body,
        request.id,
      );
      // A rejection is final: the error envelope carries its code and the redemption itself.
      if (httpStatus === 422 && result.rejection)
        throw new ApiError(result.rejection.code, result.rejection.message, result);
      return reply.code(httpStatus).send(result);
    },
  });

  app.get('/v1/partner/users/:externalId/redemptions', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: "List a user's redemptions, newest first",
      params: externalIdParams,
      querystring: userRedemptionsQuery,
      response: { 200: pageOf(redemptionSchema), ...errorResponses },
    },
    handler: async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return redemptionQueries.listForUser(partnerOf(request), request.params.externalId, filters, limit, cursor);
    },
  });

  app.get('/v1/partner/redemptions', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'List redemptions, newest first',
      querystring: listRedemptionsQuery,
      response: { 200: pageOf(redemptionSchema), ...errorResponses },
    },
    handler: async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return redemptionQueries.list(partnerOf(request), filters, limit, cursor);
    },
  });

  app.get('/v1/partner/redemptions/:id', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get a redemption',
      params: redemptionIdParams,
      response: { 200: redemptionSchema, ...errorResponses },
    },
    handler: async (request) => redemptionQueries.get(partnerOf(request), request.params.id),
  });
};
