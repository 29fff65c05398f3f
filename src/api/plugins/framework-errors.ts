import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';

/** Refusals Fastify's router makes before any hook runs, answered in the error envelope too. */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError('VALIDATION_ERROR', 'a path segment is longer than any id')
      : new ApiError('VALIDATION_ERROR', 'the path is not valid percent-encoded UTF-8');
  reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message } });
}
