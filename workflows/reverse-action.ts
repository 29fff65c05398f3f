import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ReversalResult } from '../src/reversals/reversal-types.js';
import { ledgerWrite, ledgerWriteLocal } from './activity-options.js';
import { dispatchCommittedEvents, dispatchCommittedEventsLocally } from './dispatch-committed-events.js';
import { recordStatus, upsertStatus } from './record-status.js';

const remote = proxyActivities<Activities>(ledgerWrite);
const local = proxyLocalActivities<Activities>(ledgerWriteLocal);

export interface ReverseActionInput {
  reversalId: string;
}

/** One reversal: the ledger work is a single idempotent activity keyed by the reversal id. */
export async function reverseAction(input: ReverseActionInput): Promise<ReversalResult> {
  // As for a reward, the current steps sit behind one patch: each patch a new run takes writes a
  // marker and a TemporalChangeVersion upsert to its history. The ledger activity hands its
  // events to webhook delivery itself: one local activity per reversal.
  if (patched('reversal-one-local-activity')) {
    const result = await local.applyReversal({ reversalId: input.reversalId });
    upsertStatus(result.status);
    return result;
  }
  if (patched('reversal-single-patch')) return reverseActionWithDispatchStep(input);
  return reverseActionAsRecordedBefore(input);
}

/** The steps as histories recorded before `reversal-one-local-activity` took them: dispatch as a second local activity. */
async function reverseActionWithDispatchStep(input: ReverseActionInput): Promise<ReversalResult> {
  const result = await local.applyReversal({ reversalId: input.reversalId });
  await dispatchCommittedEventsLocally();
  upsertStatus(result.status);
  return result;
}

/** The same steps as histories recorded before `reversal-single-patch` took them, each behind its own patch. */
async function reverseActionAsRecordedBefore(input: ReverseActionInput): Promise<ReversalResult> {
  // Local, as for a reward: the reversal then costs the server one workflow task, and the API
  // hears its commit without the round trips of a scheduled activity. Older histories replay the other branch.
  const applyReversal = patched('ledger-local-activity') ? local.applyReversal : remote.applyReversal;
  const result = await applyReversal({ reversalId: input.reversalId });
  await dispatchCommittedEvents();
  recordStatus(result.status);
  return result;
}
