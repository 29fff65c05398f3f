import type { Kysely } from 'kysely';
import { requestFingerprint } from '../actions/action-fingerprint.js';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, Reversal } from '../db/schema.js';
import { findScopedAction } from '../actions/find-action.js';
import { ApiError } from '../errors.js';
import { answerFromCommit } from '../ledger/answer-from-commit.js';
import type { SettlementListener } from '../ledger/settlements.js';
import { claimReversal, failReversal } from './reversal-repository.js';
import { reversalRefusal } from './reversal-rules.js';
import type { ReversalRequest, ReversalResult } from './reversal-types.js';
import { reversalResult } from './reversal-view.js';

export interface ReversalOutcome {
  /** 200 when completed, 202 while processing, 422 when the reversal failed. */
  httpStatus: 200 | 202 | 422;
  result: ReversalResult;
}

/**
 * How a reversal's processing is driven; the Temporal client implements it over reverseAction.
 * `Run` is whatever start hands back to resultWithin (a workflow handle there).
 */
export interface ReversalProcessing<Run> {
  /** Starts the reversal's processing, or finds the run already going under its id. */
  start(reversal: Reversal): Promise<Run>;
  /** The result if the run finishes within the wait, else null. */
  resultWithin(run: Run, waitMs: number): Promise<ReversalResult | null>;
}

export interface ReversalSubmissionDeps<Run> {
  db: Kysely<Database>;
  workflows: ReversalProcessing<Run>;
  syncWaitMs: number;
  /** Answers from the ledger's commit, before the workflow has recorded its result; without it, the workflow's result alone. */
  settlements?: SettlementListener;
}

function outcome(result: ReversalResult): ReversalOutcome {
  const httpStatus = result.status === 'COMPLETED' ? 200 : result.status === 'PROCESSING' ? 202 : 422;
  return { httpStatus, result };
}

/**
 * Like action submission: the reversal row under its unique refund key is written before the
 * workflow starts, so a retry finds it, compares fingerprints, and re-drives or returns the result.
 * Obvious refusals are answered at once without a workflow; the activity decides the rest under lock.
 */
export function createReversalSubmission<Run>({ db, workflows, syncWaitMs, settlements }: ReversalSubmissionDeps<Run>) {
  return async function reverse(
    scope: PartnerScope,
    actionId: string,
    request: ReversalRequest,
    requestId: string,
  ): Promise<ReversalOutcome> {
    const action = await findScopedAction(db, scope, actionId);
    const fingerprint = requestFingerprint({ actionId, ...request });
    const reversal = await claimReversal(db, scope, { actionId, request, fingerprint, requestId });
    if (reversal.request_fingerprint !== fingerprint) {
      throw new ApiError(
        'IDEMPOTENCY_KEY_REUSED',
        `refundIdempotencyKey "${request.refundIdempotencyKey}" was already used with a different request`,
        {
          reversalId: reversal.id,
          actionId: reversal.action_id,
        },
      );
    }
    if (reversal.status !== 'PROCESSING') return outcome(await reversalResult(db, reversal));
    const refusal = reversalRefusal(action, reversal.reversal_percentage);
    if (refusal) return outcome(await reversalResult(db, await failReversal(db, reversal.id, refusal)));
    const result = await answerFromCommit<ReversalResult>(settlements, reversal.id, async () =>
      workflows.resultWithin(await workflows.start(reversal), syncWaitMs),
    );
    return outcome(result ?? (await reversalResult(db, reversal)));
  };
}

export type ReversalSubmission = ReturnType<typeof createReversalSubmission>;
