import type { Kysely } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { Action, Database } from '../db/schema.js';
import { newId } from '../ids.js';
import type { BulkWorkflows } from '../temporal/bulk-workflows.js';
import { registerActions, type Registration } from './action-registration.js';
import type { ActionRequest } from './action-types.js';
import { actionResult } from './action-view.js';
import { countBulk, type BulkItemError, type BulkJobResult } from './bulk-job.js';

/**
 * A hundred items applied one by one take a second or two; the bound only bites when workers are
 * down or backlogged, and stays under the 60 s idle timeout of common load balancers.
 */
export const bulkSyncWaitMs = 45_000;

export interface BulkOutcome {
  /** 200 once every item is final, 202 while the job still runs. */
  httpStatus: 200 | 202;
  job: BulkJobResult;
}

export interface BulkSubmissionDeps {
  db: Kysely<Database>;
  workflows: BulkWorkflows;
  syncWaitMs: number;
}

/** A registered action, or the refusal that stands in for it among the results. */
function registeredItem(registration: Registration, request: ActionRequest): Action | BulkItemError {
  if ('action' in registration) return registration.action;
  const { code, message, details } = registration.conflict;
  return { idempotencyKey: request.idempotencyKey, error: { code, message, details } };
}

/** Registers every item under its own idempotency key, then runs the batch as one bulkActions job. */
export function createBulkSubmission({ db, workflows, syncWaitMs }: BulkSubmissionDeps) {
  return async function submitBulk(scope: PartnerScope, requests: ActionRequest[], requestId: string): Promise<BulkOutcome> {
    const jobId = newId('bulk');
    const registrations = await registerActions(db, scope, requests, requestId);
    const registered = registrations.map((registration, index) => registeredItem(registration, requests[index]!));
    const items = registered.map((item) => ('error' in item ? { rejected: item } : { actionId: item.id }));
    const finished = await workflows.run({ jobId, ...scope, requestId, items }, syncWaitMs);
    if (finished) return { httpStatus: 200, job: finished };
    // Still running: each item as registered; GET /v1/partner/actions/:id shows how each one ends.
    const results = registered.map((item) => ('error' in item ? item : actionResult(item)));
    return { httpStatus: 202, job: { jobId, status: 'PROCESSING', ...countBulk(results), results } };
  };
}

export type BulkSubmission = ReturnType<typeof createBulkSubmission>;
