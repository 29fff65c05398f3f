import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { fulfilRedemption } from '../src/redemptions/fulfil-redemption.js';
import type { RedemptionView } from '../src/redemptions/redemption-types.js';
import { reviewRedemption } from '../src/redemptions/review-redemption.js';
import { applyReversal } from '../src/reversals/apply-reversal.js';
import type { ReversalResult } from '../src/reversals/reversal-types.js';
import type { DeliveryControl } from '../src/webhooks/delivery-control.js';
import { dispatchAfterCommit } from './dispatch-after-commit.js';

export interface ReversalAndRedemptionDeps {
  db: Kysely<Database>;
  /** The worker's delivery engine, shared with the other activities, so their dispatch passes coalesce. */
  deliveries: DeliveryControl;
}

/**
 * The ledger activities of reversals and redemptions. As a reward's, the activity that settles
 * one runs the dispatch pass for the events it committed, so its workflow needs no second step.
 */
export function createReversalAndRedemptionActivities({ db, deliveries }: ReversalAndRedemptionDeps) {
  return {
    /** A reversal's commit, then a dispatch pass for the events it wrote. */
    async applyReversal(input: { reversalId: string }): Promise<ReversalResult> {
      const result = await applyReversal(db, input.reversalId);
      await dispatchAfterCommit(deliveries.dispatchPending);
      return result;
    },

    /** The spend or the rejection; a dispatch pass follows unless fulfilment, which runs one, comes next. */
    async reviewRedemption(input: { redemptionId: string }): Promise<RedemptionView> {
      const view = await reviewRedemption(db, input.redemptionId);
      if (view.status !== 'APPROVED') await dispatchAfterCommit(deliveries.dispatchPending);
      return view;
    },

    /** An approved redemption's completion, then a dispatch pass for its events and the review's. */
    async fulfilRedemption(input: { redemptionId: string }): Promise<RedemptionView> {
      const view = await fulfilRedemption(db, input.redemptionId);
      await dispatchAfterCommit(deliveries.dispatchPending);
      return view;
    },
  };
}
