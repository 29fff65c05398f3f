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
  try {
    return await client.workflow.start(workflow, options);
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle<W>(options.workflowId);
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
