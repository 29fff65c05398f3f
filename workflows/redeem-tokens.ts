import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RedemptionView } from '../src/redemptions/redemption-types.js';
import { ledgerWrite, ledgerWriteLocal } from './activity-options.js';
import { dispatchCommittedEvents, dispatchCommittedEventsLocally } from './dispatch-committed-events.js';
import { recordStatus, upsertStatus } from './record-status.js';

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
  // As for a reward, the current steps sit behind one patch: each patch a new run takes writes a
  // marker and a TemporalChangeVersion upsert to its history. The ledger activity that settles
  // the redemption hands its events to webhook delivery itself: no dispatch step.
  if (patched('redemption-one-local-activity')) {
    const result = await reviewAndFulfil(local, input);
    upsertStatus(result.status);
    return result;
  }
  // Histories recorded before it: dispatch as a local activity of its own.
  if (patched('redemption-single-patch')) {
    const result = await reviewAndFulfil(local, input);
    await dispatchCommittedEventsLocally();
    upsertStatus(result.status);
    return result;
  }
  // Histories recorded before that patch: each step behind its own. Older ones replay scheduled activities.
  const result = await reviewAndFulfil(patched('ledger-local-activity') ? local : remote, input);
  await dispatchCommittedEvents();
  recordStatus(result.status);
  return result;
}

async function reviewAndFulfil(
  { reviewRedemption, fulfilRedemption }: Pick<Activities, 'reviewRedemption' | 'fulfilRedemption'>,
  { redemptionId }: RedeemTokensInput,
): Promise<RedemptionView> {
  const reviewed = await reviewRedemption({ redemptionId });
  return reviewed.status === 'APPROVED' ? fulfilRedemption({ redemptionId }) : reviewed;
}
