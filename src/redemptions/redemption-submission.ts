import type { Kysely } from 'kysely';
import { requestFingerprint } from '../actions/action-fingerprint.js';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, Redemption } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { findActiveOrganization } from '../organizations/organization-directory.js';
import { answerFromCommit } from '../ledger/answer-from-commit.js';
import type { SettlementListener } from '../ledger/settlements.js';
import { findPartnerUser } from '../users/partner-user-repository.js';
import { claimRedemption, findRedemptionByKey } from './redemption-repository.js';
import type { RedemptionRequest, RedemptionView } from './redemption-types.js';
import { findRedemptionView } from './redemption-view.js';

export interface RedemptionOutcome {
  /** 200 when completed, 202 while pending or approved, 422 when rejected. */
  httpStatus: 200 | 202 | 422;
  result: RedemptionView;
}

/**
 * How a redemption's processing is driven; the Temporal client implements it over redeemTokens.
 * `Run` is whatever start hands back to resultWithin (a workflow handle there).
 */
export interface RedemptionProcessing<Run> {
  /** Starts the redemption's processing, or finds the run already going under its id. */
  start(redemption: Redemption): Promise<Run>;
  /** The result if the run finishes within the wait, else null. */
  resultWithin(run: Run, waitMs: number): Promise<RedemptionView | null>;
}

export interface RedemptionSubmissionDeps<Run> {
  db: Kysely<Database>;
  workflows: RedemptionProcessing<Run>;
  syncWaitMs: number;
  /** Answers from the ledger's commit, before the workflow has recorded its result; without it, the workflow's result alone. */
  settlements?: SettlementListener;
}

function outcome(result: RedemptionView): RedemptionOutcome {
  const httpStatus = result.status === 'COMPLETED' ? 200 : result.status === 'REJECTED' ? 422 : 202;
  return { httpStatus, result };
}

/**
 * Like action submission: the redemption row under its unique key is written before the workflow
 * starts, so a retry finds it, compares fingerprints, and re-drives or returns the result. A key
 * already taken answers from its row even if the user or organization has gone since.
 */
export function createRedemptionSubmission<Run>({
  db,
  workflows,
  syncWaitMs,
  settlements,
}: RedemptionSubmissionDeps<Run>) {
  async function claim(
    scope: PartnerScope,
    externalId: string,
    request: RedemptionRequest,
    fingerprint: string,
    requestId: string,
  ): Promise<Redemption> {
    const user = await findPartnerUser(db, scope, externalId);
    if (!user) throw notFound('user');
    const organization = await findActiveOrganization(db, request.organizationSlug);
    if (!organization) throw notFound('organization');
    return claimRedemption(db, scope, {
      partnerUserId: user.id,
      organizationId: organization.id,
      request,
      fingerprint,
      requestId,
    });
  }

  return async function redeem(
    scope: PartnerScope,
    externalId: string,
    request: RedemptionRequest,
    requestId: string,
  ): Promise<RedemptionOutcome> {
    const fingerprint = requestFingerprint({ partnerUserId: externalId, ...request });
    const redemption =
      (await findRedemptionByKey(db, scope, request.idempotencyKey)) ??
      (await claim(scope, externalId, request, fingerprint, requestId));
    if (redemption.request_fingerprint !== fingerprint) {
      throw new ApiError(
        'IDEMPOTENCY_KEY_REUSED',
        `idempotencyKey "${request.idempotencyKey}" was already used with a different request`,
        {
          redemptionId: redemption.id,
        },
      );
    }
    if (redemption.status === 'COMPLETED' || redemption.status === 'REJECTED')
      return outcome(await findRedemptionView(db, redemption.id));
    const result = await answerFromCommit<RedemptionView>(settlements, redemption.id, async () =>
      workflows.resultWithin(await workflows.start(redemption), syncWaitMs),
    );
    return outcome(result ?? (await findRedemptionView(db, redemption.id)));
  };
}

export type RedemptionSubmission = ReturnType<typeof createRedemptionSubmission>;
