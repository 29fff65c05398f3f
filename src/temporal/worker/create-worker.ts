import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDependencies } from '../../../activities/index.js';
import type { KeyExpirySettings } from '../../keys/key-expiry-settings.js';
import type { DeliveryWorkflowOptions } from '../client/delivery-workflows.js';
import { createFollowUpWorkflows } from './follow-up-workflows.js';
import { ensureDispatchSchedule } from '../schedules/dispatch-schedule.js';
import { ensureKeyExpirySchedule } from '../schedules/key-expiry-schedule.js';
import { ensureRedriveSchedule, type RedriveSettings } from '../schedules/redrive-schedule.js';
import { taskQueues, type TaskQueueName } from '../contract/task-queues.js';

// Run from the sources (tsx, vitest) this module is .ts; compiled into dist/ it and the workflows are .js.
const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
export const workflowsPath = fileURLToPath(new URL(`../../../workflows/index.${extension}`, import.meta.url));

/** What a worker is built from: the activities' dependencies, with the client their follow-up workflows start on. */
export type WorkerDependencies = Omit<ActivityDependencies, 'followUps'> & {
  temporal: Client;
  /** Where follow-up deliveries run; the default (webhooks queue, search attributes) unless a test says otherwise. */
  deliveryWorkflows?: DeliveryWorkflowOptions;
};

/** The activities' dependencies, their follow-up workflows started over the worker's client. */
export function activityDependencies({
  temporal,
  deliveryWorkflows,
  ...deps
}: WorkerDependencies): ActivityDependencies {
  return { ...deps, followUps: createFollowUpWorkflows(temporal, deps.webhooks, deliveryWorkflows) };
}

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: TaskQueueName;
  deps: WorkerDependencies;
  /** Settings of the api-key-expiry schedule, which the webhooks worker owns. */
  keyExpiry: KeyExpirySettings;
  /** Settings of the redrive-stale-requests schedule, which the ledger worker owns. */
  redrive: RedriveSettings;
  /** A prebuilt bundle (from bundleWorkflowCode) skips bundling at start-up. */
  workflowBundleCode?: string;
}

/**
 * A worker for one task queue, running every workflow and the activities given their dependencies.
 * The webhooks queue's worker bounds its concurrent HTTP sends and owns the dispatch-events and
 * api-key-expiry schedules; the ledger queue's worker owns the redrive-stale-requests schedule.
 */
export async function createWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  keyExpiry,
  redrive,
  workflowBundleCode,
}: WorkerSettings): Promise<Worker> {
  const webhooks = taskQueue === 'webhooks';
  if (webhooks) await ensureDispatchSchedule(deps.temporal, deps.webhooks.dispatchIntervalSeconds);
  if (webhooks) await ensureKeyExpirySchedule(deps.temporal, keyExpiry);
  if (!webhooks) await ensureRedriveSchedule(deps.temporal, redrive);
  return Worker.create({
    connection,
    namespace,
    taskQueue: taskQueues[taskQueue],
    ...(workflowBundleCode ? { workflowBundle: { code: workflowBundleCode } } : { workflowsPath }),
    activities: createActivities(activityDependencies(deps)),
    // First attempts run as local activities: they are HTTP sends too, under the same bound.
    ...(webhooks
      ? {
          maxConcurrentActivityTaskExecutions: deps.webhooks.maxConcurrentSends,
          maxConcurrentLocalActivityExecutions: deps.webhooks.maxConcurrentSends,
        }
      : {}),
  });
}
