import {
  findStaleRequests,
  type RedriveStaleRequestsInput,
  type RedriveStaleRequestsResult,
} from '../src/actions/find-stale-requests.js';
import type { ActivityDependencies } from './dependencies.js';

/**
 * Starts the workflow of every action and reversal left PROCESSING. Starting is idempotent: a
 * workflow still running under the same id is found instead, and the ledger step itself returns a
 * stored result when its row is final, so a redrive can never debit twice.
 */
export function createRedriveStaleRequests({ db, followUps }: ActivityDependencies) {
  return async function redriveStaleRequests({
    olderThanSeconds,
    batchSize,
  }: RedriveStaleRequestsInput): Promise<RedriveStaleRequestsResult> {
    const stale = await findStaleRequests(db, olderThanSeconds, batchSize);
    for (const action of stale.actions) await followUps.startAction(action);
    for (const reversal of stale.reversals) await followUps.startReversal(reversal);
    return { actions: stale.actions.length, reversals: stale.reversals.length };
  };
}
