import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RedriveStaleRequestsInput, RedriveStaleRequestsResult } from '../src/actions/find-stale-requests.js';
import { ledgerWrite } from './activity-options.js';

const { redriveStaleRequests } = proxyActivities<Activities>(ledgerWrite);

/**
 * Run by the redrive-stale-requests schedule: every accepted action and reversal reaches a final
 * state even when the partner never retries a submission whose workflow was lost.
 */
export async function sweepStaleRequests(input: RedriveStaleRequestsInput): Promise<RedriveStaleRequestsResult> {
  return redriveStaleRequests(input);
}
