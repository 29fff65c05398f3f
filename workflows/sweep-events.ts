import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { eventDispatch } from './activity-options.js';

const { dispatchEvents } = proxyActivities<Activities>(eventDispatch);

/**
 * Run by the dispatch-events schedule: dispatches outbox events no fast path did (a crash between
 * commit and dispatch, Temporal unreachable from the API) and starts deliveries never started.
 */
export async function sweepEvents(): Promise<void> {
  await dispatchEvents();
}
