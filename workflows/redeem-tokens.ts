import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RedemptionView } from '../src/redemptions/redemption-types.js';
import { ledgerWrite, ledgerWriteLocal } from './activity-options.js';
import { dispatchCommittedEvents } from './dispatch-committed-events.js';
import { recordStatus } from './record-status.js';

const remote = proxyActivities<Activities>(ledgerWrite);
const local = proxyLocalActivities<Activities>(ledgerWriteLocal);

export interface RedeemTokensInput {
  redemptionId: string;
}

/**
 * One redemption: review (the spend or the rejection), then fulfilment of an approved gift. Each
 * step is an idempotent activity keyed by the redemption id; a rejection is a result, not a failure.
 */
export async function redeemTokens(input: RedeemTokensInput): Promise<RedemptionView> {
  // Local, as for a reward: both steps join one workflow task, and the API hears the final commit
  // without the round trips of scheduled activities. Older histories replay the other branch.
  const { reviewRedemption, fulfilRedemption } = patched('ledger-local-activity') ? local : remote;
  const reviewed = await reviewRedemption({ redemptionId: input.redemptionId });
  const result =
    reviewed.status === 'APPROVED' ? await fulfilRedemption({ redemptionId: input.redemptionId }) : reviewed;
  await dispatchCommittedEvents();
  recordStatus(result.status);
  return result;
}
