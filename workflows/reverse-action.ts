import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ReversalResult } from '../src/reversals/reversal-types.js';
import { ledgerWrite } from './activity-options.js';
import { dispatchCommittedEvents } from './dispatch-committed-events.js';
import { recordStatus } from './record-status.js';

const { applyReversal } = proxyActivities<Activities>(ledgerWrite);

export interface ReverseActionInput {
  reversalId: string;
}

/** One reversal: the ledger work is a single idempotent activity keyed by the reversal id. */
export async function reverseAction(input: ReverseActionInput): Promise<ReversalResult> {
  const result = await applyReversal({ reversalId: input.reversalId });
  await dispatchCommittedEvents();
  recordStatus(result.status);
  return result;
}
