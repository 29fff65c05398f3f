import { isCancellation, log, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { eventDispatch } from './activity-options.js';

const remote = proxyActivities<Activities>(eventDispatch);
const local = proxyLocalActivities<Activities>(eventDispatch);

/**
 * The fast path to webhooks for the events a ledger activity just committed, as a local activity:
 * it joins the ledger step's workflow task, so a reward costs the server one workflow task. A
 * failure is left to the dispatch-events schedule: it must never turn a completed reward into a
 * failed one.
 */
export async function dispatchCommittedEventsLocally(): Promise<void> {
  await dispatchWith(local.dispatchEvents);
}

/** The same step behind the patches that introduced it, so histories recorded before them replay. */
export async function dispatchCommittedEvents(): Promise<void> {
  // Histories recorded before this step existed replay without it.
  if (!patched('dispatch-committed-events')) return;
  // Older histories replay the scheduled activity.
  await dispatchWith(patched('dispatch-local-activity') ? local.dispatchEvents : remote.dispatchEvents);
}

async function dispatchWith(dispatchEvents: () => Promise<void>): Promise<void> {
  try {
    await dispatchEvents();
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn('dispatching webhook events failed; the dispatch-events schedule will', { error: String(error) });
  }
}
