import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ActionResult } from '../src/actions/action-types.js';
import { ledgerWrite, ledgerWriteLocal } from './activity-options.js';
import { dispatchCommittedEvents, dispatchCommittedEventsLocally } from './dispatch-committed-events.js';
import { recordStatus, upsertStatus } from './record-status.js';

const remote = proxyActivities<Activities>(ledgerWrite);
const local = proxyLocalActivities<Activities>(ledgerWriteLocal);

export interface ProcessActionInput {
  actionId: string;
}

/** One reward action: the ledger work is a single idempotent activity keyed by the action id. */
export async function processAction(input: ProcessActionInput): Promise<ActionResult> {
  // Every patched() call a new run takes writes a marker and a TemporalChangeVersion upsert (a
  // visibility write) to its history; the current steps sit behind one patch. The ledger
  // activity hands its events to webhook delivery itself: one local activity per reward.
  if (patched('reward-one-local-activity')) {
    const result = await local.applyAction({ actionId: input.actionId });
    upsertStatus(result.status);
    return result;
  }
  if (patched('reward-single-patch')) return processActionWithDispatchStep(input);
  return processActionAsRecordedBefore(input);
}

/** The steps as histories recorded before `reward-one-local-activity` took them: dispatch as a second local activity. */
async function processActionWithDispatchStep(input: ProcessActionInput): Promise<ActionResult> {
  const result = await local.applyAction({ actionId: input.actionId });
  await dispatchCommittedEventsLocally();
  upsertStatus(result.status);
  return result;
}

/** The same steps as histories recorded before `reward-single-patch` took them, each behind its own patch. */
async function processActionAsRecordedBefore(input: ProcessActionInput): Promise<ActionResult> {
  // A local activity saves the server round trips of scheduling one, which dominate a reward's
  // latency; histories recorded with the regular activity replay through the other branch.
  const applyAction = patched('ledger-local-activity') ? local.applyAction : remote.applyAction;
  const result = await applyAction({ actionId: input.actionId });
  await dispatchCommittedEvents();
  recordStatus(result.status);
  return result;
}
