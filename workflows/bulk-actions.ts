import { patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  actionIdsOf,
  bulkResults,
  finishedJob,
  finishedJobEvent,
  type BulkActionsInput,
  type BulkItem,
  type BulkItemResult,
  type BulkJobResult,
} from '../src/actions/bulk-job.js';
import { ledgerWrite, ledgerWriteLocal } from './activity-options.js';
import { dispatchCommittedEvents, dispatchCommittedEventsLocally } from './dispatch-committed-events.js';
import { recordStatus, upsertStatus } from './record-status.js';

const remote = proxyActivities<Activities>(ledgerWrite);
const local = proxyLocalActivities<Activities>(ledgerWriteLocal);

/** Histories recorded before the set-based step: one local activity per item, in order. */
async function applyOneByOne(items: BulkItem[]): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = [];
  for (const item of items)
    results.push('actionId' in item ? await local.applyAction({ actionId: item.actionId }) : item.rejected);
  return results;
}

/**
 * Up to 100 actions, one result per item in order. The registered actions are applied together,
 * in one batch of their pool's group commit, in item order, so when the pool runs short it is
 * always the later items that fail, as the partner listed them.
 */
export async function bulkActions(input: BulkActionsInput): Promise<BulkJobResult> {
  // As for a reward, the current steps sit behind one patch: each patch a new run takes writes a
  // marker and a TemporalChangeVersion upsert to its history. The whole job is one local
  // activity: one marker and one activation of this workflow in the worker, not four.
  if (patched('bulk-one-local-activity')) {
    const job = await local.runBulkJob({ ...input, eventKeyPrefix: workflowInfo().workflowId });
    upsertStatus(job.status);
    return job;
  }
  // Histories recorded before it: each step a local activity of its own.
  if (patched('bulk-single-patch'))
    return runJob(input, { setBased: true, dispatch: dispatchCommittedEventsLocally, recordStatus: upsertStatus });
  // Histories recorded before that patch take each step behind its own.
  return runJob(input, { setBased: patched('bulk-set-based'), dispatch: dispatchCommittedEvents, recordStatus });
}

interface JobSteps {
  /**
   * One local step for the whole batch, and local job events: the job costs the server one
   * workflow task whatever its size. Older histories replay the per-item, scheduled-event shape.
   */
  setBased: boolean;
  dispatch: () => Promise<void>;
  recordStatus: (status: string) => void;
}

async function runJob(input: BulkActionsInput, steps: JobSteps): Promise<BulkJobResult> {
  const { jobId, partnerId, environment, requestId, items } = input;
  const { setBased } = steps;
  const { recordEvent } = setBased ? local : remote;
  // Keyed by this workflow's id: a retried activity records each job event once.
  const record = (type: string, data: Record<string, unknown>) =>
    recordEvent({
      partnerId,
      environment,
      requestId,
      type,
      data,
      idempotencyKey: `${workflowInfo().workflowId}/${type}`,
    });

  await record('bulk_job.started', { jobId, total: items.length });
  const results = setBased
    ? bulkResults(items, await local.applyActions({ actionIds: actionIdsOf(items) }))
    : await applyOneByOne(items);
  const job = finishedJob(jobId, results);
  const finished = finishedJobEvent(job);
  await record(finished.type, finished.data);
  await steps.dispatch();
  steps.recordStatus(job.status);
  return job;
}
