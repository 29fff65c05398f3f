import type { Environment } from '../db/schema.js';
import type { ErrorCode } from '../errors.js';
import type { ActionResult } from './action-types.js';

// Pure: the bulkActions workflow imports this module, so it must stay free of I/O.

/** The most actions one bulk request may carry. */
export const bulkLimit = 100;

/** An item refused before processing, shaped like the error envelope's `error`. */
export interface BulkItemError {
  idempotencyKey: string;
  error: { code: ErrorCode; message: string; details?: unknown };
}

export type BulkItemResult = ActionResult | BulkItemError;

/** What the workflow is given per item: the registered action to apply, or the refusal to pass on. */
export type BulkItem = { actionId: string } | { rejected: BulkItemError };

/** What the bulkActions workflow is given: the job and its items in the partner's order. */
export interface BulkActionsInput {
  jobId: string;
  partnerId: string;
  environment: Environment;
  requestId: string;
  items: BulkItem[];
}

export type BulkJobStatus = 'PROCESSING' | 'COMPLETED' | 'FAILED';

export interface BulkCounts {
  total: number;
  completed: number;
  /** FAILED actions plus refused items. */
  failed: number;
}

export interface BulkJobResult extends BulkCounts {
  jobId: string;
  status: BulkJobStatus;
  results: BulkItemResult[];
}

/** The registered actions of a job, in item order: what is applied together. */
export function actionIdsOf(items: BulkItem[]): string[] {
  return items.flatMap((item) => ('actionId' in item ? [item.actionId] : []));
}

/** One result per item in item order: the applied actions' results (in actionIdsOf's order) and the refusals. */
export function bulkResults(items: BulkItem[], applied: ActionResult[]): BulkItemResult[] {
  let next = 0;
  return items.map((item) => ('actionId' in item ? applied[next++]! : item.rejected));
}

export function countBulk(results: BulkItemResult[]): BulkCounts {
  const statuses = results.map((item) => ('error' in item ? 'FAILED' : item.status));
  return {
    total: results.length,
    completed: statuses.filter((s) => s === 'COMPLETED').length,
    failed: statuses.filter((s) => s === 'FAILED').length,
  };
}

/**
 * A finished job is FAILED when no item could be processed into a reward (none COMPLETED), so
 * bulk_job.failed tells a partner the whole batch came to nothing (an empty pool, say).
 */
export function finishedStatus(counts: BulkCounts): 'COMPLETED' | 'FAILED' {
  return counts.completed === 0 ? 'FAILED' : 'COMPLETED';
}

/** The finished job as the API answers it and the workflow returns it. */
export function finishedJob(jobId: string, results: BulkItemResult[]): BulkJobResult {
  const counts = countBulk(results);
  return { jobId, status: finishedStatus(counts), ...counts, results };
}

/** The event a finished job records: bulk_job.failed when nothing completed, else bulk_job.completed. */
export function finishedJobEvent({ jobId, status, total, completed, failed }: BulkJobResult) {
  return {
    type: status === 'FAILED' ? 'bulk_job.failed' : 'bulk_job.completed',
    data: { jobId, status, total, completed, failed },
  };
}
