import { z } from 'zod';
import { bulkLimit } from '../../actions/bulk-job.js';
import { actionResultExample, actionResultSchema, submitActionBody, submitActionExample } from './action-schemas.js';
import { exampleIds } from './example-values.js';

const referral = {
  idempotencyKey: 'referral_5521',
  actionType: 'REFERRAL',
  stakeholders: [{ stakeholderTypeCode: 'REFERRER', partnerUserId: 'user_7' }],
};

export const bulkActionsBody = z
  .strictObject({
    actions: z
      .array(submitActionBody)
      .min(1)
      .max(bulkLimit)
      .superRefine((actions, ctx) => {
        const firstIndex = new Map<string, number>();
        actions.forEach(({ idempotencyKey }, index) => {
          const first = firstIndex.get(idempotencyKey);
          if (first === undefined) firstIndex.set(idempotencyKey, index);
          else
            ctx.addIssue({
              code: 'custom',
              path: [index, 'idempotencyKey'],
              message: `idempotencyKey "${idempotencyKey}" is also used by item ${first}; every item needs its own key`,
            });
        });
      })
      .describe(`Up to ${bulkLimit} actions, each exactly the body of POST /v1/partner/actions/submit`),
  })
  .meta({ examples: [{ actions: [submitActionExample, referral] }] });

const bulkItemErrorSchema = z
  .object({
    idempotencyKey: z.string(),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({
    id: 'BulkItemError',
    description: 'An item refused before processing, e.g. IDEMPOTENCY_KEY_REUSED',
    examples: [
      {
        idempotencyKey: 'referral_5521',
        error: {
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: 'idempotencyKey "referral_5521" was already used with a different request body',
        },
      },
    ],
  });

export const bulkJobSchema = z
  .object({
    jobId: z.string(),
    status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']),
    total: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int().describe('FAILED actions plus refused items'),
    results: z.array(z.union([actionResultSchema, bulkItemErrorSchema])).describe('One per submitted action, in order'),
  })
  .meta({
    id: 'BulkJob',
    examples: [
      {
        jobId: exampleIds.bulkJob,
        status: 'COMPLETED',
        total: 2,
        completed: 1,
        failed: 1,
        results: [
          actionResultExample,
          {
            idempotencyKey: 'referral_5521',
            error: {
              code: 'IDEMPOTENCY_KEY_REUSED',
              message: 'idempotencyKey "referral_5521" was already used with a different request body',
            },
          },
        ],
      },
    ],
  });

export const bulkJobIdParams = z.strictObject({ jobId: z.string().min(1).max(64) });
