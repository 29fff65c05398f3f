import { z } from 'zod';
import { bulkLimit } from '../../actions/bulk-job.js';
import { actionResultSchema, submitActionBody } from './action-schemas.js';

export const bulkActionsBody = z.strictObject({
  actions: z
    .array(submitActionBody)
    .min(1)
    .max(bulkLimit)
    .superRefine((actions, ctx) => {
      const firstIndex = new Map<string, number>();
      actions.forEach(({ idempotencyKey }, index) => {
        const first = firstIndex.get(idempotencyKey);
        if (first === undefined) firstIndex.set(idempotencyKey, index);
        else ctx.addIssue({ code: 'custom', path: [index, 'idempotencyKey'], message: `idempotencyKey "${idempotencyKey}" is also used by item ${first}; every item needs its own key` });
      });
    })
    .describe(`Up to ${bulkLimit} actions, each exactly the body of POST /v1/partner/actions/submit`),
});

const bulkItemErrorSchema = z
  .object({
    idempotencyKey: z.string(),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'BulkItemError', description: 'An item refused before processing, e.g. IDEMPOTENCY_KEY_REUSED' });

export const bulkJobSchema = z
  .object({
    jobId: z.string(),
    status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']),
    total: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int().describe('FAILED actions plus refused items'),
    results: z.array(z.union([actionResultSchema, bulkItemErrorSchema])).describe('One per submitted action, in order'),
  })
  .meta({ id: 'BulkJob' });

export const bulkJobIdParams = z.strictObject({ jobId: z.string().min(1).max(64) });
