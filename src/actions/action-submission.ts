import type { Kysely } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { newId } from '../ids.js';
import type { ActionWorkflows } from '../temporal/action-workflows.js';
import { requestFingerprint } from './action-fingerprint.js';
import type { ActionRequest, ActionResult } from './action-types.js';
import { actionResult } from './action-view.js';

export interface SubmissionOutcome {
  /** 200 when final and completed, 202 while processing, 422 when the action failed. */
  httpStatus: 200 | 202 | 422;
  result: ActionResult;
}

export interface ActionSubmissionDeps {
  db: Kysely<Database>;
  workflows: ActionWorkflows;
  syncWaitMs: number;
}

function outcome(result: ActionResult): SubmissionOutcome {
  const httpStatus = result.status === 'COMPLETED' ? 200 : result.status === 'PROCESSING' ? 202 : 422;
  return { httpStatus, result };
}

/**
 * The idempotency gate is the unique (partner, environment, key) row written before the workflow
 * starts; a retry finds it, compares the body's fingerprint, and re-drives or returns the result.
 */
export function createActionSubmission({ db, workflows, syncWaitMs }: ActionSubmissionDeps) {
  return async function submit(scope: PartnerScope, request: ActionRequest, requestId: string): Promise<SubmissionOutcome> {
    const fingerprint = requestFingerprint(request);
    const inserted = await db
      .insertInto('actions')
      .values({
        id: newId('act'),
        partner_id: scope.partnerId,
        environment: scope.environment,
        idempotency_key: request.idempotencyKey,
        request_fingerprint: fingerprint,
        action_type: request.actionType,
        amount: request.amount === undefined ? null : String(request.amount),
        currency: request.currency ?? null,
        campaign_id: request.campaignId ?? null,
        request: JSON.stringify(request),
        status: 'PROCESSING',
        request_id: requestId,
      })
      .onConflict((oc) => oc.columns(['partner_id', 'environment', 'idempotency_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    const action =
      inserted ??
      (await db
        .selectFrom('actions')
        .selectAll()
        .where('partner_id', '=', scope.partnerId)
        .where('environment', '=', scope.environment)
        .where('idempotency_key', '=', request.idempotencyKey)
        .executeTakeFirstOrThrow());
    if (action.request_fingerprint !== fingerprint) {
      throw new ApiError('IDEMPOTENCY_KEY_REUSED', `idempotencyKey "${request.idempotencyKey}" was already used with a different request body`, {
        actionId: action.id,
      });
    }
    if (action.status !== 'PROCESSING') return outcome(actionResult(action));
    const handle = await workflows.start(action);
    const result = await workflows.resultWithin(handle, syncWaitMs);
    return outcome(result ?? actionResult(action));
  };
}

export type ActionSubmission = ReturnType<typeof createActionSubmission>;
