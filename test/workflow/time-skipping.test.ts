import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { sleepForDays } from '../fixtures/workflows/sleep-for-days.js';

const threeDaysMs = 3 * 24 * 60 * 60 * 1000;
let env: TestWorkflowEnvironment | undefined;

beforeAll(async () => {
  const path = inject('temporalTestServerPath');
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
});

afterAll(async () => {
  await env?.teardown();
});

it('skips three days of workflow time in a few seconds of wall time', async () => {
  if (env === undefined) throw new Error('test environment did not start');
  const taskQueue = `sleep-for-days-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../fixtures/workflows/sleep-for-days.ts', import.meta.url)),
  });
  const workflowTimeBefore = await env.currentTimeMs();
  const wallBefore = Date.now();

  const result = await worker.runUntil(
    env.client.workflow.execute(sleepForDays, {
      taskQueue,
      workflowId: `sleep-for-days-${randomUUID()}`,
      args: ['woke up'],
    }),
  );

  expect(result).toEqual({ sleptDays: 3, message: 'woke up' });
  expect((await env.currentTimeMs()) - workflowTimeBefore).toBeGreaterThanOrEqual(threeDaysMs);
  expect(Date.now() - wallBefore).toBeLessThan(20_000);
});
