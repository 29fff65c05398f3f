import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ActionResult } from '../src/actions/action-types.js';
import { ledgerWrite } from './activity-options.js';
import { dispatchCommittedEvents } from './dispatch-committed-events.js';

const { applyAction } = proxyActivities<Activities>(ledgerWrite);

export interface ProcessActionInput {
  actionId: string;
}

/** One reward action: the ledger work is a single idempotent activity keyed by the action id. */
export async function processAction(input: ProcessActionInput): Promise<ActionResult> {
  const result = await applyAction({ actionId: input.actionId });
  await dispatchCommittedEvents();
  return result;
}
