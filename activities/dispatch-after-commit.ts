import { Context } from '@temporalio/activity';

/**
 * The dispatch pass an activity runs after its commit, for the events it wrote. A failure is only
 * logged: the dispatch-events schedule sweeps what the pass left, and the work it follows never
 * fails because of webhooks.
 */
export async function dispatchAfterCommit(dispatchPending: () => Promise<void>): Promise<void> {
  try {
    await dispatchPending();
  } catch (error) {
    Context.current().log.warn('dispatching webhook events failed; the dispatch-events schedule will dispatch them', {
      error: String(error),
    });
  }
}
