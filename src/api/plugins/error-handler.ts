import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type ErrorCode } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The code of the error envelope this request was answered with, null when it succeeded. */
    errorCode: ErrorCode | null;
  }
}

/** Fastify's own client errors, mapped to the stable codes clients see. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_ERROR',
};

function send(reply: FastifyReply, error: ApiError) {
  reply.request.errorCode = error.code;
  const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
  const body = {
    error: { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) },
  };
  return reply.code(error.status).send(body);
}

/** One envelope for every error; details of unexpected faults are logged, never sent. */
export const errorHandler = fp(async (app: FastifyInstance) => {
  app.decorateRequest('errorCode', null);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return send(reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        location: error.validationContext,
        path: issue.instancePath || '/',
        message: issue.message,
      }));
      return send(reply, new ApiError('VALIDATION_ERROR', 'request does not match the schema', issues));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit;
      return send(
        reply,
        new ApiError('PAYLOAD_TOO_LARGE', `the request body is larger than the ${limit} bytes this route accepts`, {
          limitBytes: limit,
        }),
      );
    }
    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped) return send(reply, new ApiError(mapped, error.message));
    // @fastify/rate-limit throws a plain error with statusCode 429; its headers are already set.
    if (error.statusCode === 429) return send(reply, new ApiError('RATE_LIMITED', error.message));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, new ApiError('VALIDATION_ERROR', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, new ApiError('INTERNAL_ERROR', 'internal error; the request id identifies it in our logs'));
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, new ApiError('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`)),
  );
});
