import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Context } from '@temporalio/activity';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Activities } from '../../activities/index.js';
import type { ReversalResult } from '../../src/reversals/reversal-types.js';
import { reverseAction } from '../../workflows/reverse-action.js';
import { createTimeSkippingEnvironment } from '../support/time-skipping-environment.js';

let env: TestWorkflowEnvironment;
let workflowBundleCode: string;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  workflowBundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
});
afterAll(async () => {
  await env?.teardown();
});

const completed: ReversalResult = {
  reversalId: 'rev_1',
  actionId: 'act_1',
  refundIdempotencyKey: 'refund_1',
  status: 'COMPLETED',
  reversalPercentage: 100,
  tokensReversed: 50,
  tokensReturned: 20,
  debtCreated: 30,
  transactionIds: ['txn_1'],
};

/** Runs reverseAction against the stubbed activity on a fresh worker and task queue; `dispatched` logs dispatch steps. */
async function run(
  applyReversal: Activities['applyReversal'],
  dispatched: string[] = [],
  workflowId = `reversal-${randomUUID()}`,
) {
  const taskQueue = `reverse-action-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: workflowBundleCode },
    activities: { applyReversal, dispatchEvents: async () => void dispatched.push('dispatchEvents') },
  });
  return worker.runUntil(
    env.client.workflow.execute(reverseAction, { taskQueue, workflowId, args: [{ reversalId: 'rev_1' }] }),
  );
}

it("returns the activity's result for the reversal it names", async () => {
  const inputs: unknown[] = [];
  const result = await run(async (input) => {
    inputs.push(input);
    return completed;
  });
  expect(result).toEqual(completed);
  expect(inputs).toEqual([{ reversalId: 'rev_1' }]);
});

it('records one patch marker and runs one local activity in one workflow task: the ledger activity dispatches its events', async () => {
  const calls: string[] = [];
  const workflowId = `reversal-${randomUUID()}`;
  await run(async () => (calls.push('applyReversal'), completed), calls, workflowId);
  expect(calls).toEqual(['applyReversal']);
  const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const markers = events.flatMap((event) =>
    event.markerRecordedEventAttributes ? [event.markerRecordedEventAttributes.markerName] : [],
  );
  expect(markers.filter((name) => name === 'core_patch')).toHaveLength(1);
  expect(markers.filter((name) => name === 'core_local_activity')).toHaveLength(1);
  expect(events.filter((event) => event.workflowTaskCompletedEventAttributes)).toHaveLength(1);
});

it('retries an infrastructure error until the activity succeeds', async () => {
  const attempts: number[] = [];
  const result = await run(async () => {
    const { attempt } = Context.current().info;
    attempts.push(attempt);
    if (attempt < 3) throw new Error('connection terminated unexpectedly');
    return completed;
  });
  expect(result).toEqual(completed);
  expect(attempts).toEqual([1, 2, 3]);
});
