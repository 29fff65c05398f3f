import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RedemptionView } from '../src/redemptions/redemption-types.js';
import { ledgerWrite } from './activity-options.js';
import { dispatchCommittedEvents } from './dispatch-committed-events.js';
import { recordStatus } from './record-status.js';

const { reviewRedemption, fulfilRedemption } = proxyActivities<Activities>(ledgerWrite);

export interface RedeemTokensInput {
  redemptionId: string;
}

/**
 * One redemption: review (the spend or the rejection), then fulfilment of an approved gift. Each
 * step is an idempotent activity keyed by the redemption id; a rejection is a result, not a failure.
 */
export async function redeemTokens(input: RedeemTokensInput): Promise<RedemptionView> {
  const reviewed = await reviewRedemption({ redemptionId: input.redemptionId });
  const result = reviewed.status === 'APPROVED' ? await fulfilRedemption({ redemptionId: input.redemptionId }) : reviewed;
  await dispatchCommittedEvents();
  recordStatus(result.status);
  return result;
}
