import type { WorkflowHandle, Workflow, WorkflowResultType } from '@temporalio/client';

/** The workflow's result if it finishes within the wait, else null; the workflow keeps running. */
export async function resultWithin<W extends Workflow>(handle: WorkflowHandle<W>, waitMs: number): Promise<WorkflowResultType<W> | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    return await Promise.race([handle.result(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
