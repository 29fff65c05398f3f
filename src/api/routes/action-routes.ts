import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ActionQueries } from '../../actions/action-queries.js';
import type { ActionSubmission } from '../../actions/action-submission.js';
import { ApiError } from '../../errors.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, optionalDate, pageOf } from '../schemas/common.js';
import {
  actionIdParams,
  actionResultSchema,
  actionSchema,
  listActionsQuery,
  submitActionBody,
} from '../schemas/action-schemas.js';

export interface ActionRouteDeps {
  submitAction: ActionSubmission;
  actionQueries: ActionQueries;
}

const tags = ['Actions'];

export const actionRoutes: FastifyPluginAsyncZod<ActionRouteDeps> = async (app, { submitAction, actionQueries }) => {
  app.post('/v1/partner/actions/submit', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Submit one reward action',
      description:
        'Answers 200 with the final result when processing finishes within a short wait, else 202 with status PROCESSING; a failed action answers 422 with its failure code. The same idempotencyKey always returns the same action.',
      body: submitActionBody,
      response: { 200: actionResultSchema, 202: actionResultSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { httpStatus, result } = await submitAction(partnerOf(request), request.body, request.id);
      // A failed action is final: the error envelope carries its failure code and the action itself.
      if (httpStatus === 422 && result.failure) throw new ApiError(result.failure.code, result.failure.message, result);
      return reply.code(httpStatus).send(result);
    },
  });

  app.get('/v1/partner/actions', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'List actions',
      querystring: listActionsQuery,
      response: { 200: pageOf(actionSchema), ...errorResponses },
    },
    handler: async (request) => {
      const { limit, cursor, from, to, ...rest } = request.query;
      return actionQueries.list(
        partnerOf(request),
        { ...rest, from: optionalDate(from), to: optionalDate(to) },
        limit,
        cursor,
      );
    },
  });

  app.get('/v1/partner/actions/:id', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get action status and details',
      params: actionIdParams,
      response: { 200: actionSchema, ...errorResponses },
    },
    handler: async (request) => actionQueries.get(partnerOf(request), request.params.id),
  });
};
