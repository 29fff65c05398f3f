import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createRunBulkJob } from '../../activities/bulk-job-activity.js';
import type { Activities } from '../../activities/index.js';
import type { RecordEventInput } from '../../src/webhooks/event-outbox.js';
import type { ActionResult } from '../../src/actions/action-types.js';
import type { BulkItem } from '../../src/actions/bulk-job.js';
import { bulkActions } from '../../workflows/bulk-actions.js';
import { createTimeSkippingEnvironment } from '../support/time-skipping-environment.js';

let env: TestWorkflowEnvironment;
let workflowBundleCode: string;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  workflowBundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
});
afterAll(async () => env?.teardown());

const completed = (actionId: string): ActionResult => ({
  actionId,
  idempotencyKey: `key_${actionId}`,
  status: 'COMPLETED',
  tokensDistributed: 10,
  transactionIds: [`txn_${actionId}`],
});
const failed = (actionId: string): ActionResult => ({
  actionId,
  idempotencyKey: `key_${actionId}`,
  status: 'FAILED',
  tokensDistributed: 0,
  transactionIds: [],
  failure: { code: 'USER_NOT_FOUND', message: 'no such user' },
});
const rejected = {
  idempotencyKey: 'key_reused',
  error: { code: 'IDEMPOTENCY_KEY_REUSED' as const, message: 'used with another body' },
};

type BulkActivities = Pick<Activities, 'runBulkJob'>;

/** The job's activity over mocked steps that log every call in order; applyActions answers from `outcomes`. */
function mockActivities(outcomes: Record<string, ActionResult>, failFirstAttempt = false) {
  const calls: string[] = [];
  const events: RecordEventInput[] = [];
  let faulted = false;
  const activities: BulkActivities = {
    runBulkJob: createRunBulkJob({
      async applyAll(_scope, actionIds) {
        calls.push(`applyActions ${actionIds.join(',')}`);
        if (failFirstAttempt && !faulted) {
          faulted = true;
          throw new Error('connection reset');
        }
        return actionIds.map((id) => outcomes[id]!);
      },
      async recordEvent(event) {
        calls.push(`recordEvent ${event.type}`);
        events.push(event);
      },
      async dispatchPending() {
        calls.push('dispatchEvents');
      },
    }),
  };
  return { activities, calls, events };
}

async function runBulk(items: BulkItem[], activities: BulkActivities) {
  const taskQueue = `bulk-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: workflowBundleCode },
    activities,
  });
  const workflowId = `bulk/ptn_test/sandbox/${randomUUID()}`;
  const input = {
    jobId: 'bulk_test',
    partnerId: 'ptn_test',
    environment: 'sandbox' as const,
    requestId: 'req_test',
    items,
  };
  const result = await worker.runUntil(
    env.client.workflow.execute(bulkActions, { taskQueue, workflowId, args: [input] }),
  );
  return { result, workflowId };
}

it('applies every registered item in one step, in item order, between bulk_job.started and bulk_job.completed', async () => {
  const { activities, calls, events } = mockActivities({
    act_1: completed('act_1'),
    act_2: failed('act_2'),
    act_3: completed('act_3'),
  });
  const { result, workflowId } = await runBulk(
    [{ actionId: 'act_1' }, { rejected }, { actionId: 'act_2' }, { actionId: 'act_3' }],
    activities,
  );

  expect(calls).toEqual([
    'recordEvent bulk_job.started',
    'applyActions act_1,act_2,act_3',
    'recordEvent bulk_job.completed',
    'dispatchEvents',
  ]);
  expect(result).toEqual({
    jobId: 'bulk_test',
    status: 'COMPLETED',
    total: 4,
    completed: 2,
    failed: 2,
    results: [completed('act_1'), rejected, failed('act_2'), completed('act_3')],
  });
  expect(events).toEqual([
    {
      partnerId: 'ptn_test',
      environment: 'sandbox',
      requestId: 'req_test',
      type: 'bulk_job.started',
      data: { jobId: 'bulk_test', total: 4 },
      idempotencyKey: `${workflowId}/bulk_job.started`,
    },
    {
      partnerId: 'ptn_test',
      environment: 'sandbox',
      requestId: 'req_test',
      type: 'bulk_job.completed',
      data: { jobId: 'bulk_test', status: 'COMPLETED', total: 4, completed: 2, failed: 2 },
      idempotencyKey: `${workflowId}/bulk_job.completed`,
    },
  ]);
  // The whole job is one local activity: one marker, one workflow task.
  const history = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const markers = history.flatMap((event) => event.markerRecordedEventAttributes?.markerName ?? []);
  expect(markers.filter((name) => name === 'core_local_activity')).toHaveLength(1);
  expect(history.filter((event) => event.workflowTaskCompletedEventAttributes)).toHaveLength(1);
});

it('records bulk_job.failed when no item completes', async () => {
  const { activities, calls } = mockActivities({ act_1: failed('act_1') });
  const { result } = await runBulk([{ rejected }, { actionId: 'act_1' }], activities);
  expect(result).toMatchObject({ status: 'FAILED', total: 2, completed: 0, failed: 2 });
  expect(calls).toEqual([
    'recordEvent bulk_job.started',
    'applyActions act_1',
    'recordEvent bulk_job.failed',
    'dispatchEvents',
  ]);
});

it('retries the step when it hits an infrastructure fault, keeping one result per item', async () => {
  const { activities, calls } = mockActivities({ act_1: completed('act_1'), act_2: completed('act_2') }, true);
  const { result } = await runBulk([{ actionId: 'act_1' }, { actionId: 'act_2' }], activities);
  expect(calls).toEqual([
    'recordEvent bulk_job.started',
    'applyActions act_1,act_2',
    // The whole job retries; its events are keyed, so the outbox records bulk_job.started once.
    'recordEvent bulk_job.started',
    'applyActions act_1,act_2',
    'recordEvent bulk_job.completed',
    'dispatchEvents',
  ]);
  expect(result.results).toEqual([completed('act_1'), completed('act_2')]);
});
