import type { WorkflowHandle, Workflow, WorkflowResultType } from '@temporalio/client';

/**
 * The workflow's result if it finishes within the wait, else null; the workflow keeps running, but
 * the long-poll for its result stops with the wait. Left running, every 202 answer kept a poll open
 * until its workflow closed (thousands during an outage), and one on a closed connection threw.
 * (On the time-skipping test client the abort also cancels its re-lock: tests await results there.)
 */
export async function resultWithin<W extends Workflow>(
  handle: WorkflowHandle<W>,
  waitMs: number,
): Promise<WorkflowResultType<W> | null> {
  const waitOver = new AbortController();
  const timer = setTimeout(() => waitOver.abort(), waitMs);
  try {
    return await handle.client.withAbortSignal(waitOver.signal, () => handle.result());
  } catch (error) {
    if (waitOver.signal.aborted) return null;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
