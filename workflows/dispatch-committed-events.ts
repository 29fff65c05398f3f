import { isCancellation, log, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { eventDispatch } from './activity-options.js';

const remote = proxyActivities<Activities>(eventDispatch);
const local = proxyLocalActivities<Activities>(eventDispatch);

/**
 * The fast path to webhooks for the events a ledger activity just committed. A failure is left to
 * the dispatch-events schedule: it must never turn a completed reward into a failed one.
 */
export async function dispatchCommittedEvents(): Promise<void> {
  // Histories recorded before this step existed replay without it.
  if (!patched('dispatch-committed-events')) return;
  // As a local activity the step joins the ledger step's workflow task: a reward then costs the
  // server one workflow task instead of three; older histories replay the scheduled activity.
  const { dispatchEvents } = patched('dispatch-local-activity') ? local : remote;
  try {
    await dispatchEvents();
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn('dispatching webhook events failed; the dispatch-events schedule will', { error: String(error) });
  }
}
