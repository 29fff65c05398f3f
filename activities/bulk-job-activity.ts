import type { ActionResult } from '../src/actions/action-types.js';
import {
  actionIdsOf,
  bulkResults,
  finishedJob,
  finishedJobEvent,
  type BulkActionsInput,
  type BulkJobResult,
} from '../src/actions/bulk-job.js';
import type { PartnerScope } from '../src/partner-scope.js';
import type { RecordEventInput } from '../src/webhooks/event-outbox.js';
import { dispatchAfterCommit } from './dispatch-after-commit.js';

export interface RunBulkJobInput extends BulkActionsInput {
  /** Keys the job's events (the workflow's id), so a retry records each of them once. */
  eventKeyPrefix: string;
}

/** What a bulk job does, each step idempotent: the worker's group commit, outbox and delivery engine. */
export interface BulkJobSteps {
  /** The actions, registered under the scope, in one batch of their pool's group commit, one result per id in order. */
  applyAll(scope: PartnerScope, actionIds: string[]): Promise<ActionResult[]>;
  recordEvent(event: RecordEventInput): Promise<void>;
  dispatchPending(): Promise<void>;
}

/**
 * A bulk job in one local activity: bulk_job.started, the registered actions in one batch of their
 * pool's group commit, bulk_job.completed or .failed, then a dispatch pass. Every step is
 * idempotent, so a retry after any of them answers the same job.
 */
export function createRunBulkJob(steps: BulkJobSteps) {
  return async function runBulkJob(input: RunBulkJobInput): Promise<BulkJobResult> {
    const { jobId, partnerId, environment, requestId, items, eventKeyPrefix } = input;
    const record = (type: string, data: Record<string, unknown>) =>
      steps.recordEvent({ partnerId, environment, requestId, type, data, idempotencyKey: `${eventKeyPrefix}/${type}` });

    await record('bulk_job.started', { jobId, total: items.length });
    const job = finishedJob(
      jobId,
      bulkResults(items, await steps.applyAll({ partnerId, environment }, actionIdsOf(items))),
    );
    const finished = finishedJobEvent(job);
    await record(finished.type, finished.data);
    await dispatchAfterCommit(steps.dispatchPending);
    return job;
  };
}
