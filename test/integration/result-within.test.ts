import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultWithin } from '../../src/temporal/client/result-within.js';
import { processAction } from '../../workflows/process-action.js';
import { eventually } from '../support/delivery-waits.js';
import { connectTestTemporal } from '../support/temporal-stack.js';

describe('waiting a bounded time for a workflow result (real Temporal dev server)', () => {
  let env: TestWorkflowEnvironment;
  let inFlight = 0;

  beforeAll(async () => {
    env = await connectTestTemporal();
    // Counts the history long-polls a result() has open: each call's promise settles when it returns or is cancelled.
    const service = env.client.workflowService;
    const poll = service.getWorkflowExecutionHistory.bind(service);
    service.getWorkflowExecutionHistory = ((request: Parameters<typeof poll>[0]) => {
      inFlight++;
      return poll(request).finally(() => inFlight--);
    }) as typeof service.getWorkflowExecutionHistory;
  });
  afterAll(async () => env?.teardown());

  it('answers null when the wait ends first, and leaves no poll for the result open', async () => {
    // No worker polls this queue: the workflow never finishes.
    const handle = await env.client.workflow.start(processAction, {
      taskQueue: `nobody-${randomUUID()}`,
      workflowId: `result-within-${randomUUID()}`,
      args: [{ actionId: 'act_never' }],
    });

    expect(await resultWithin(handle, 300)).toBeNull();

    await eventually(async () => (inFlight === 0 ? true : undefined), 'the result long-poll to stop', 5_000);
    await handle.terminate('test over');
  });
});
