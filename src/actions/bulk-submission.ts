import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Action, Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { committedWithin } from '../ledger/answer-from-commit.js';
import type { SettlementListener } from '../ledger/settlements.js';
import { registerActions, type Registration } from './action-registration.js';
import type { ActionRequest, ActionResult } from './action-types.js';
import { actionResult } from './action-view.js';
import {
  countBulk,
  finishedJob,
  type BulkActionsInput,
  type BulkItemError,
  type BulkItemResult,
  type BulkJobResult,
} from './bulk-job.js';

/**
 * A job commits in one batch within a second or so; the bound only bites when workers are
 * down or backlogged, and stays under the 60 s idle timeout of common load balancers.
 */
export const bulkSyncWaitMs = 45_000;

export interface BulkOutcome {
  /** 200 once every item is final, 202 while the job still runs. */
  httpStatus: 200 | 202;
  job: BulkJobResult;
}

/**
 * How a bulk job is driven; the Temporal client implements it over the bulkActions workflow.
 * `Run` is whatever start hands back to resultWithin (a workflow handle there).
 */
export interface BulkJobProcessing<Run> {
  start(input: BulkActionsInput): Promise<Run>;
  /** The result if the run finishes within the wait, else null. */
  resultWithin(run: Run, waitMs: number): Promise<BulkJobResult | null>;
}

export interface BulkSubmissionDeps<Run> {
  db: Kysely<Database>;
  workflows: BulkJobProcessing<Run>;
  syncWaitMs: number;
  /** Answers from the ledger's commit of the job's actions; without it, from the workflow's result. */
  settlements?: SettlementListener;
}

/** A registered action, or the refusal that stands in for it among the results. */
function registeredItem(registration: Registration, request: ActionRequest): Action | BulkItemError {
  if ('action' in registration) return registration.action;
  const { code, message, details } = registration.conflict;
  return { idempotencyKey: request.idempotencyKey, error: { code, message, details } };
}

const asResult = (item: Action | BulkItemError): BulkItemResult => ('error' in item ? item : actionResult(item));

/**
 * Registers every item under its own idempotency key, then runs the batch as one bulkActions job.
 * The answer is whichever comes first: every action's settlement as the ledger commits it (one
 * batch for the whole job), or the workflow's result.
 */
export function createBulkSubmission<Run>({ db, workflows, syncWaitMs, settlements }: BulkSubmissionDeps<Run>) {
  /**
   * Resolves once every action still processing has settled; the others answer as registered.
   * `heardForCertain` when this request registered each of them: none can have committed before
   * the waits began, so unless the listener misses them (`unheard`) their notices are the answer.
   */
  function waitForCommits(registered: Array<Action | BulkItemError>, requestId: string) {
    const processing = registered.filter((item): item is Action => !('error' in item) && item.status === 'PROCESSING');
    const waits = processing.map((action) => settlements!.waitFor<ActionResult>(action.id));
    const settled = Promise.all(waits.map((wait) => wait.result)).then((results) => {
      const byId = new Map(results.map((result) => [result.actionId, result]));
      return registered.map((item) => ('error' in item ? item : (byId.get(item.id) ?? actionResult(item))));
    });
    return {
      settled,
      heardForCertain: processing.every((action) => action.request_id === requestId),
      unheard: Promise.race(waits.map((wait) => wait.unheard)),
      cancel: () => waits.forEach((wait) => wait.cancel()),
    };
  }

  return async function submitBulk(
    scope: PartnerScope,
    requests: ActionRequest[],
    requestId: string,
  ): Promise<BulkOutcome> {
    const jobId = newId('bulk');
    const registrations = await registerActions(db, scope, requests, requestId);
    const registered = registrations.map((registration, index) => registeredItem(registration, requests[index]!));
    const items = registered.map((item) => ('error' in item ? { rejected: item } : { actionId: item.id }));
    // Asked before the start, so no commit of this job can come first.
    const commits = settlements && waitForCommits(registered, requestId);
    try {
      const handle = await workflows.start({ jobId, ...scope, requestId, items });
      const resultWithin = (waitMs: number) => workflows.resultWithin(handle, waitMs);
      let finished: BulkJobResult | null;
      if (!commits) finished = await resultWithin(syncWaitMs);
      else {
        const committed = commits.settled.then((results) => finishedJob(jobId, results));
        finished = await (commits.heardForCertain
          ? committedWithin(committed, commits.unheard, syncWaitMs, resultWithin)
          : Promise.race([committed, resultWithin(syncWaitMs)]));
      }
      if (finished) return { httpStatus: 200, job: finished };
    } finally {
      commits?.cancel();
    }
    // Still running: each item as registered; GET /v1/partner/actions/:id shows how each one ends.
    const results = registered.map(asResult);
    return { httpStatus: 202, job: { jobId, status: 'PROCESSING', ...countBulk(results), results } };
  };
}

export type BulkSubmission = ReturnType<typeof createBulkSubmission>;
