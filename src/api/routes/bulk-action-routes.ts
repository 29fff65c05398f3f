import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bulkLimit } from '../../actions/bulk-job.js';
import type { BulkSubmission } from '../../actions/bulk-submission.js';
import { ApiError } from '../../errors.js';
import { partnerOf } from '../plugins/authentication.js';
import { bulkActionsBody, bulkJobIdParams, bulkJobSchema } from '../schemas/bulk-schemas.js';
import { errorEnvelope, errorResponses } from '../schemas/common.js';

const tags = ['Actions'];

/** Before schema validation, so an oversized batch gets its own code whatever its items hold. */
async function refuseOversizedBatch(request: FastifyRequest) {
  const actions = (request.body as { actions?: unknown } | undefined)?.actions;
  if (Array.isArray(actions) && actions.length > bulkLimit) {
    throw new ApiError(
      'BULK_LIMIT_EXCEEDED',
      `a bulk request takes at most ${bulkLimit} actions and this one has ${actions.length}; split it into batches of ${bulkLimit}`,
      {
        limit: bulkLimit,
        received: actions.length,
      },
    );
  }
}

export const bulkActionRoutes: FastifyPluginAsyncZod<{ submitBulk: BulkSubmission; bodyLimitBytes: number }> = async (
  app,
  { submitBulk, bodyLimitBytes },
) => {
  app.post('/v1/partner/actions/bulk', {
    bodyLimit: bodyLimitBytes,
    config: { auth: 'hmac-secret' },
    preValidation: refuseOversizedBatch,
    schema: {
      tags,
      summary: `Submit up to ${bulkLimit} actions synchronously`,
      description:
        `One result per item, in order: an ActionResult (COMPLETED or FAILED with its failure code), or a BulkItemError for an item refused before processing (IDEMPOTENCY_KEY_REUSED). ` +
        `Each item is idempotent by its own idempotencyKey: a key already used with the same body returns its original result and distributes nothing again. ` +
        `Items are applied in order, so when the pool runs short the later items fail. The job is FAILED when no item completed, else COMPLETED; ` +
        `bulk_job.started and then bulk_job.completed or bulk_job.failed are sent as webhooks. More than ${bulkLimit} items answer 400 BULK_LIMIT_EXCEEDED; ` +
        `duplicate keys within one batch answer 400 VALIDATION_ERROR. Answers 200 when every item is final, else 202 with status PROCESSING (follow each action with GET /v1/partner/actions/:id).`,
      body: bulkActionsBody,
      response: { 200: bulkJobSchema, 202: bulkJobSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { httpStatus, job } = await submitBulk(partnerOf(request), request.body.actions, request.id);
      return reply.code(httpStatus).send(job);
    },
  });

  app.get('/v1/partner/actions/bulk/:jobId', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Deprecated: bulk results come from POST /v1/partner/actions/bulk',
      description:
        'Always answers 410 GONE: bulk actions are processed synchronously and POST /v1/partner/actions/bulk returns every result.',
      deprecated: true,
      params: bulkJobIdParams,
      response: { ...errorResponses, 410: errorEnvelope },
    },
    handler: async () => {
      throw new ApiError(
        'GONE',
        "GET /v1/partner/actions/bulk/:jobId is deprecated: bulk actions are processed synchronously, so POST /v1/partner/actions/bulk returns every item's result; follow one action with GET /v1/partner/actions/:id",
      );
    },
  });
};
