import type { Environment } from '../db/schema.js';

/** Workflow ids carry idempotency: the same business key always names the same workflow. */
export const workflowIds = {
  action: (partnerId: string, environment: Environment, idempotencyKey: string) =>
    `action/${partnerId}/${environment}/${idempotencyKey}`,
  reversal: (partnerId: string, environment: Environment, refundIdempotencyKey: string) =>
    `reversal/${partnerId}/${environment}/${refundIdempotencyKey}`,
  bulk: (partnerId: string, environment: Environment, batchId: string) => `bulk/${partnerId}/${environment}/${batchId}`,
};
