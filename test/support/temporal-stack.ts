import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { createWorker } from '../../src/temporal/create-worker.js';
import { allSearchAttributeKeys } from '../../src/temporal/search-attributes.js';
import { testActivityDependencies } from './activity-deps.js';

export interface TemporalStack {
  env: TestWorkflowEnvironment;
  client: Client;
  worker: Worker;
  stop(): Promise<void>;
}

/** The real Temporal dev server with a ledger worker running the real activities on the test database. */
export async function startTemporalStack(db: Kysely<Database>): Promise<TemporalStack> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: inject('temporalCliPath') }, searchAttributes: [...allSearchAttributeKeys] },
  });
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'ledger',
    deps: testActivityDependencies(db, env.client),
    workflowBundleCode: await readFile(inject('workflowBundlePath'), 'utf8'),
  });
  const running = worker.run();
  return {
    env,
    client: env.client,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
