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

export function countBulk(results: BulkItemResult[]): BulkCounts {
  const statuses = results.map((item) => ('error' in item ? 'FAILED' : item.status));
  return { total: results.length, completed: statuses.filter((s) => s === 'COMPLETED').length, failed: statuses.filter((s) => s === 'FAILED').length };
}

/**
 * A finished job is FAILED when no item could be processed into a reward (none COMPLETED), so
 * bulk_job.failed tells a partner the whole batch came to nothing (an empty pool, say).
 */
export function finishedStatus(counts: BulkCounts): 'COMPLETED' | 'FAILED' {
  return counts.completed === 0 ? 'FAILED' : 'COMPLETED';
}
