import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type Workflow,
  type WorkflowHandle,
  type WorkflowStartOptions,
} from '@temporalio/client';

/**
 * Starts the workflow, or returns the handle of the one already running under its id: a retried
 * request then waits on the workflow its first attempt started.
 */
export async function startOrFind<W extends Workflow>(
  client: Client,
  workflow: W,
  options: WorkflowStartOptions<W>,
): Promise<WorkflowHandle<W>> {
  return (await startOrFindRun(client, workflow, options)).run;
}

/** startOrFind, saying whether this call started the run (`anew`) or found it. */
export async function startOrFindRun<W extends Workflow>(
  client: Client,
  workflow: W,
  options: WorkflowStartOptions<W>,
): Promise<{ run: WorkflowHandle<W>; anew: boolean }> {
  try {
    return { run: await client.workflow.start(workflow, options), anew: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      return { run: client.workflow.getHandle<W>(options.workflowId), anew: false };
    throw error;
  }
}

export interface EagerStartOption {
  /**
   * Ask the server to hand the first workflow task straight back to a ledger worker in this
   * process, skipping the task queue. Needs the client built on that worker's NativeConnection;
   * the time-skipping test server refuses it.
   */
  eagerStart: boolean;
}
