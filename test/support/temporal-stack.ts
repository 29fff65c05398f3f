import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { createWorker } from '../../src/temporal/worker/create-worker.js';
import type { WebhookSettings } from '../../src/webhooks/webhook-settings.js';
import {
  testWorkerDependencies,
  testKeyExpirySettings,
  testRedriveSettings,
  testWebhookSettings,
} from './activity-deps.js';
import { currentTestNamespace } from './test-namespace.js';

export interface TemporalStack {
  env: TestWorkflowEnvironment;
  client: Client;
  namespace: string;
  /** One per task queue: ledger, then webhooks. */
  workers: Worker[];
  stop(): Promise<void>;
}

/** This test file's namespace on the run's shared dev server (created at start-up with the search attributes). */
export function connectTestTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({
    address: inject('temporalAddress'),
    namespace: currentTestNamespace(),
  });
}

/** The real Temporal dev server with a worker per task queue running the real activities on the test database. */
export async function startTemporalStack(
  db: Kysely<Database>,
  webhooks: WebhookSettings = testWebhookSettings,
): Promise<TemporalStack> {
  const env = await connectTestTemporal();
  const namespace = currentTestNamespace();
  const workflowBundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
  const deps = { ...testWorkerDependencies(db, env.client), webhooks };
  const workers: Worker[] = [];
  for (const taskQueue of ['ledger', 'webhooks'] as const) {
    workers.push(
      await createWorker({
        connection: env.nativeConnection,
        namespace,
        taskQueue,
        deps,
        keyExpiry: testKeyExpirySettings,
        redrive: testRedriveSettings,
        workflowBundleCode,
      }),
    );
  }
  const running = workers.map((worker) => worker.run());
  return {
    env,
    client: env.client,
    namespace,
    workers,
    async stop() {
      workers.forEach((worker) => worker.shutdown());
      await Promise.all(running);
      await env.teardown();
    },
  };
}
