import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../../errors.js';
import type { ReversalSubmission } from '../../reversals/reversal-submission.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses } from '../schemas/common.js';
import { reversalResultSchema, reverseActionBody, reverseActionParams } from '../schemas/reversal-schemas.js';

export const reversalRoutes: FastifyPluginAsyncZod<{ reverseAction: ReversalSubmission }> = async (
  app,
  { reverseAction },
) => {
  app.post('/v1/partner/actions/:actionId/reverse', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags: ['Actions'],
      summary: 'Reverse a completed action',
      description:
        'Returns tokens to the pool up to what each user still holds; the rest becomes debt repaid first from their future rewards. Answers 200 with the result when it finishes within a short wait, else 202 with status PROCESSING; a refused reversal answers 422 with NOT_REVERSIBLE or REVERSAL_LIMIT_EXCEEDED. The same refundIdempotencyKey always returns the same reversal.',
      params: reverseActionParams,
      body: reverseActionBody,
      response: { 200: reversalResultSchema, 202: reversalResultSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { httpStatus, result } = await reverseAction(
        partnerOf(request),
        request.params.actionId,
        request.body,
        request.id,
      );
      // A refused reversal is final: the error envelope carries its code and the reversal itself.
      if (httpStatus === 422 && result.failure) throw new ApiError(result.failure.code, result.failure.message, result);
      return reply.code(httpStatus).send(result);
    },
  });
};
