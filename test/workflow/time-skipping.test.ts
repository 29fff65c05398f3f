import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sleepForDays } from '../fixtures/workflows/sleep-for-days.js';
import { createTimeSkippingEnvironment } from '../support/time-skipping-environment.js';

const threeDaysMs = 3 * 24 * 60 * 60 * 1000;
const taskQueue = `sleep-for-days-${randomUUID()}`;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../fixtures/workflows/sleep-for-days.ts', import.meta.url)),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const sleepThreeDays = () =>
  env.client.workflow.start(sleepForDays, {
    taskQueue,
    workflowId: `sleep-for-days-${randomUUID()}`,
    args: ['woke up'],
  });

it('skips three days of workflow time in a few seconds of wall time', async () => {
  const workflowTimeBefore = await env.currentTimeMs();
  const wallBefore = Date.now();

  const result = await (await sleepThreeDays()).result();

  expect(result).toEqual({ sleptDays: 3, message: 'woke up' });
  expect((await env.currentTimeMs()) - workflowTimeBefore).toBeGreaterThanOrEqual(threeDaysMs);
  expect(Date.now() - wallBefore).toBeLessThan(20_000);
});

// With the testing package's own client, two waits at once unbalance the server's time-skipping
// lock: the workflows time out instead of waking, and the next wait runs in wall time (a stall).
it('skips time for results awaited at once, and for every wait after them', async () => {
  for (let round = 0; round < 3; round++) {
    const wallBefore = Date.now();
    const handles = await Promise.all([sleepThreeDays(), sleepThreeDays(), sleepThreeDays()]);
    const results = await Promise.all(handles.map((handle) => handle.result()));
    expect(results).toEqual(Array(3).fill({ sleptDays: 3, message: 'woke up' }));
    expect(await (await sleepThreeDays()).result()).toEqual({ sleptDays: 3, message: 'woke up' });
    expect(Date.now() - wallBefore, `round ${round}`).toBeLessThan(20_000);
  }
});
