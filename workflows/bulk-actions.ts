import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { countBulk, finishedStatus, type BulkItem, type BulkItemResult, type BulkJobResult } from '../src/actions/bulk-job.js';
import type { Environment } from '../src/db/schema.js';
import { ledgerWrite, ledgerWriteLocal } from './activity-options.js';
import { dispatchCommittedEvents } from './dispatch-committed-events.js';
import { recordStatus } from './record-status.js';

const { recordEvent } = proxyActivities<Activities>(ledgerWrite);
const { applyAction } = proxyLocalActivities<Activities>(ledgerWriteLocal);

export interface BulkActionsInput {
  jobId: string;
  partnerId: string;
  environment: Environment;
  requestId: string;
  items: BulkItem[];
}

/**
 * Up to 100 actions, one result per item in order. Items are applied one after another, so when
 * the pool runs short it is always the later items that fail, as the partner listed them.
 */
export async function bulkActions(input: BulkActionsInput): Promise<BulkJobResult> {
  const { jobId, partnerId, environment, requestId, items } = input;
  // Keyed by this workflow's id: a retried activity records each job event once.
  const record = (type: string, data: Record<string, unknown>) =>
    recordEvent({ partnerId, environment, requestId, type, data, idempotencyKey: `${workflowInfo().workflowId}/${type}` });

  await record('bulk_job.started', { jobId, total: items.length });
  const results: BulkItemResult[] = [];
  for (const item of items) {
    results.push('actionId' in item ? await applyAction({ actionId: item.actionId }) : item.rejected);
  }
  const counts = countBulk(results);
  const status = finishedStatus(counts);
  await record(status === 'FAILED' ? 'bulk_job.failed' : 'bulk_job.completed', { jobId, status, ...counts });
  await dispatchCommittedEvents();
  recordStatus(status);
  return { jobId, status, ...counts, results };
}
