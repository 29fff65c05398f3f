import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type NativeConnection } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { resultWithin } from '../../src/temporal/client/result-within.js';
import { startOrFind } from '../../src/temporal/client/start-or-find.js';
import { floorActivities } from './floor-activities.js';
import { floorWorkflow } from './floor-workflow.js';
import type { Task } from './load-runner.js';

export interface FloorSettings {
  connection: NativeConnection;
  temporal: Client;
  namespace: string;
  eagerStart: boolean;
  waitMs: number;
  run: string;
}

export interface Floor {
  /** Starts floor workflow `index` of the given label and waits for its result. */
  task(label: string): Task;
  workflowId(label: string, index: number): string;
  stop(): Promise<void>;
}

// Bundled here, so the floor workflow never enters the bundle production workers load.
const workflowsPath = fileURLToPath(
  new URL(`./floor-workflow.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
);
const taskQueue = 'bench-floor';

/**
 * A worker for the floor workflow on its own task queue, on the connection the stack's workers use,
 * and a task that starts one floor workflow the way the API starts an action (same client, eager
 * start, the same bounded wait for its result).
 */
export async function startFloor({
  connection,
  temporal,
  namespace,
  eagerStart,
  waitMs,
  run,
}: FloorSettings): Promise<Floor> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: { code },
    activities: floorActivities,
  });
  const running = worker.run();
  const workflowId = (label: string, index: number) => `bench-floor/${run}/${label}/${index}`;
  return {
    workflowId,
    task: (label) => async (index) => {
      const handle = await startOrFind(temporal, floorWorkflow, {
        workflowId: workflowId(label, index),
        taskQueue,
        requestEagerStart: eagerStart,
        args: [],
      });
      const answered = await resultWithin(handle, waitMs);
      if (answered === null) throw new Error(`no result within ${waitMs} ms`);
    },
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}
