import { z } from 'zod';
import { metadataLimitProblem } from '../../users/metadata-limits.js';
import { examplePagination } from './example-values.js';

export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'INVALID_SIGNATURE' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({
    id: 'Error',
    examples: [
      {
        error: {
          code: 'INVALID_SIGNATURE',
          message: 'X-Signature does not match the request; sign the exact path, query and body bytes',
        },
      },
    ],
  });

/** The error statuses every authenticated route can answer with. */
export const errorResponses = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
  404: errorEnvelope,
  409: errorEnvelope,
  413: errorEnvelope,
  415: errorEnvelope,
  422: errorEnvelope,
  429: errorEnvelope,
};

export const pagination = z.object({
  limit: z.number().int(),
  hasMore: z.boolean(),
  nextCursor: z.string().nullable(),
});

/** A page of items; its docs example is a page holding the item's own example. */
export function pageOf<T extends z.ZodType>(item: T) {
  const page = z.object({ data: z.array(item), pagination });
  const examples = z.globalRegistry.get(item)?.examples;
  return Array.isArray(examples)
    ? page.meta({ examples: [{ data: examples.slice(0, 1), pagination: examplePagination }] })
    : page;
}

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1 to 100'),
  cursor: z.string().max(200).optional().describe('nextCursor from the previous page'),
});

export const isoDateTime = z.iso.datetime({ offset: true });

/** An optional isoDateTime query parameter as a Date. */
export const optionalDate = (value: string | undefined) => (value ? new Date(value) : undefined);

/** Free-form partner metadata: at most 50 keys and 8 KB of JSON, in a request and once stored. */
export const metadataSchema = z.record(z.string().min(1).max(40), z.unknown()).superRefine((value, ctx) => {
  const problem = metadataLimitProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
