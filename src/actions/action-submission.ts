import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Action, Database } from '../db/schema.js';
import { answerStartedFromCommit } from '../ledger/answer-from-commit.js';
import type { SettlementListener } from '../ledger/settlements.js';
import { registerActions } from './action-registration.js';
import type { ActionRequest, ActionResult } from './action-types.js';
import { actionResult } from './action-view.js';

export interface SubmissionOutcome {
  /** 200 when final and completed, 202 while processing, 422 when the action failed. */
  httpStatus: 200 | 202 | 422;
  result: ActionResult;
}

/**
 * How an action's processing is driven; the Temporal client implements it over processAction.
 * `Run` is whatever start hands back to resultWithin (a workflow handle there).
 */
export interface ActionProcessing<Run> {
  /** Starts the action's processing (`anew`), or finds the run already going under its id. */
  start(action: Action): Promise<{ run: Run; anew: boolean }>;
  /** The result if the run finishes within the wait, else null. */
  resultWithin(run: Run, waitMs: number): Promise<ActionResult | null>;
}

export interface ActionSubmissionDeps<Run> {
  db: Kysely<Database>;
  workflows: ActionProcessing<Run>;
  syncWaitMs: number;
  /** Answers from the ledger's commit, before the workflow has recorded its result; without it, the workflow's result alone. */
  settlements?: SettlementListener;
}

/** The answer to a submit: the HTTP status its result calls for. */
export function submissionOutcome(result: ActionResult): SubmissionOutcome {
  const httpStatus = result.status === 'COMPLETED' ? 200 : result.status === 'PROCESSING' ? 202 : 422;
  return { httpStatus, result };
}

/** A retry of a registered action re-drives its workflow while PROCESSING, else returns its result. */
export function createActionSubmission<Run>({ db, workflows, syncWaitMs, settlements }: ActionSubmissionDeps<Run>) {
  return async function submit(
    scope: PartnerScope,
    request: ActionRequest,
    requestId: string,
  ): Promise<SubmissionOutcome> {
    const [registration] = await registerActions(db, scope, [request], requestId);
    if (!registration) throw new Error('registerActions returned no registration');
    if ('conflict' in registration) throw registration.conflict;
    const { action } = registration;
    if (action.status !== 'PROCESSING') return submissionOutcome(actionResult(action));
    const result = await answerStartedFromCommit<ActionResult>(
      settlements,
      action.id,
      async () => {
        const { run, anew } = await workflows.start(action);
        return { anew, resultWithin: (waitMs) => workflows.resultWithin(run, waitMs) };
      },
      syncWaitMs,
    );
    return submissionOutcome(result ?? actionResult(action));
  };
}

export type ActionSubmission = ReturnType<typeof createActionSubmission>;
