import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { activityDependencies } from '../../src/temporal/worker/create-worker.js';
import { createDeliveryWorkflows } from '../../src/temporal/client/delivery-workflows.js';
import { createDeliveryControl } from '../../src/webhooks/dispatch/create-delivery-control.js';
import type { WebhookSettings } from '../../src/webhooks/webhook-settings.js';
import { testWebhookSettings, testWorkerDependencies } from './activity-deps.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';
import { createTimeSkippingEnvironment } from './time-skipping-environment.js';

/**
 * Webhook deliveries on the time-skipping server for one test file: real activities on a test
 * database and real loopback receivers that stamp requests with the server's virtual time, so a
 * retry schedule is measured as Temporal runs it. Started before the file's tests, stopped after.
 */
export function timeSkippingDeliveries() {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let bundleCode: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    database = await createTestDatabase();
    bundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await database?.drop();
    await env?.teardown();
  });

  return {
    get env() {
      return env;
    },
    get db() {
      return database.db;
    },

    async virtualReceiver() {
      const receiver = await startWebhookReceiver(() => env.currentTimeMs());
      receivers.push(receiver);
      return receiver;
    },

    /** A fresh task queue with its own worker per run; the time-skipping server has no custom search attributes. */
    deliveryEngine(settings: WebhookSettings = testWebhookSettings) {
      const workflows = { taskQueue: `webhooks-${randomUUID()}`, searchAttributes: false };
      const deps = activityDependencies({
        ...testWorkerDependencies(database.db, env.client),
        webhooks: settings,
        deliveryWorkflows: workflows,
      });
      const control = createDeliveryControl({
        db: database.db,
        workflows: createDeliveryWorkflows(env.client, settings, workflows),
      });
      /** Runs the steps with the worker up throughout, so no attempt is cut short by its shutdown. */
      async function run<T>(steps: () => Promise<T>): Promise<T> {
        const worker = await Worker.create({
          connection: env.nativeConnection,
          taskQueue: workflows.taskQueue,
          workflowBundle: { code: bundleCode },
          activities: createActivities(deps),
        });
        return worker.runUntil(steps);
      }
      return { control, run };
    },
  };
}
