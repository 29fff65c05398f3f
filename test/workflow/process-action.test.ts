import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Activities } from '../../activities/index.js';
import type { ActionResult } from '../../src/actions/action-types.js';
import { processAction } from '../../workflows/process-action.js';
import { createTimeSkippingEnvironment } from '../support/time-skipping-environment.js';

describe('processAction on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundleCode: string;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    bundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
  });
  afterAll(async () => env?.teardown());

  async function runWith(activities: Partial<Activities>, run: (taskQueue: string) => Promise<unknown>) {
    const taskQueue = `ledger-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { code: bundleCode },
      activities: { dispatchEvents: async () => {}, ...activities },
    });
    return worker.runUntil(run(taskQueue));
  }

  it('returns what the ledger activity returns (mocked activity)', async () => {
    const completed: ActionResult = {
      actionId: 'act_1',
      idempotencyKey: 'k',
      status: 'COMPLETED',
      tokensDistributed: 7,
      transactionIds: ['txn_1'],
    };
    const calls: string[] = [];
    const result = await runWith(
      { applyAction: async ({ actionId }) => (calls.push(actionId), completed) },
      (taskQueue) =>
        env.client.workflow.execute(processAction, {
          taskQueue,
          workflowId: `action-${randomUUID()}`,
          args: [{ actionId: 'act_1' }],
        }),
    );
    expect(result).toEqual(completed);
    expect(calls).toEqual(['act_1']);
  });

  it('retries an infrastructure failure with backoff until the ledger answers (mocked activity)', async () => {
    let attempts = 0;
    const done: ActionResult = {
      actionId: 'act_2',
      idempotencyKey: 'k2',
      status: 'COMPLETED',
      tokensDistributed: 1,
      transactionIds: [],
    };
    const result = await runWith(
      {
        applyAction: async () => {
          attempts += 1;
          if (attempts < 4) throw new Error('connection terminated unexpectedly');
          return done;
        },
      },
      (taskQueue) =>
        env.client.workflow.execute(processAction, {
          taskQueue,
          workflowId: `action-${randomUUID()}`,
          args: [{ actionId: 'act_2' }],
        }),
    );
    expect(result).toEqual(done);
    expect(attempts).toBe(4);
  });

  it('records one patch marker in a new run, and runs one local activity in one workflow task: the ledger activity dispatches its events', async () => {
    const completed: ActionResult = {
      actionId: 'act_4',
      idempotencyKey: 'k4',
      status: 'COMPLETED',
      tokensDistributed: 2,
      transactionIds: ['txn_4'],
    };
    const workflowId = `action-${randomUUID()}`;
    const calls: string[] = [];
    const activities = {
      applyAction: async () => (calls.push('applyAction'), completed),
      dispatchEvents: async () => void calls.push('dispatchEvents'),
    };
    await runWith(activities, (taskQueue) =>
      env.client.workflow.execute(processAction, { taskQueue, workflowId, args: [{ actionId: 'act_4' }] }),
    );
    const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const markers = events.flatMap((event) =>
      event.markerRecordedEventAttributes ? [event.markerRecordedEventAttributes.markerName] : [],
    );
    // Each patch a new run takes costs a marker and a TemporalChangeVersion upsert; there were three here.
    expect(markers.filter((name) => name === 'core_patch')).toHaveLength(1);
    expect(markers.filter((name) => name === 'core_local_activity')).toHaveLength(1);
    expect(calls).toEqual(['applyAction']);
    expect(events.filter((event) => event.workflowTaskCompletedEventAttributes)).toHaveLength(1);
  });
});
