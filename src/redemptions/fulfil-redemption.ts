import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notifySettled } from '../ledger/settlements.js';
import { lockRedemption, markRedemptionCompleted } from './redemption-repository.js';
import type { RedemptionView } from './redemption-types.js';
import { findRedemptionView } from './redemption-view.js';
import { withRedemptionEvent } from './redemption-event.js';

/**
 * Records the approved gift to the organization as delivered. The tokens already sit in the
 * partner's redemption account; this step is where a payout to the nonprofit belongs, kept apart
 * from the approval so its retries never touch the spend. A completed redemption returns as it is.
 */
export async function fulfilRedemption(db: Kysely<Database>, redemptionId: string): Promise<RedemptionView> {
  return db.transaction().execute(async (trx) => {
    const redemption = await lockRedemption(trx, redemptionId);
    if (redemption.status === 'COMPLETED') return findRedemptionView(trx, redemption.id);
    if (redemption.status !== 'APPROVED')
      throw new Error(`redemption ${redemption.id} is ${redemption.status}; only an APPROVED redemption is fulfilled`);
    await markRedemptionCompleted(trx, redemption.id);
    const view = await withRedemptionEvent(trx, redemption, 'redemption.completed');
    // Heard on commit by the API waiting on this redemption, which then answers without the workflow.
    await notifySettled(trx, [{ id: view.redemptionId, result: view }]);
    return view;
  });
}
