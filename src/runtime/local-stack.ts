import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { resolve, join } from 'node:path';
import type { Config } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { migrateToLatest } from '../db/migrate-to-latest.js';
import { createSecretBox } from '../security/secret-box.js';
import { keyExpirySettingsFrom } from '../keys/key-expiry-settings.js';
import { redriveSettingsFrom } from '../temporal/schedules/redrive-schedule.js';
import { createWorker, workflowsPath } from '../temporal/worker/create-worker.js';
import { defaultDeliveryWorkflowOptions, type DeliveryWorkflowOptions } from '../temporal/client/delivery-workflows.js';
import { webhookSettingsFrom } from '../webhooks/webhook-settings.js';
import { startTemporalDevServer } from '../temporal/dev/dev-server.js';
import { taskQueues, type TaskQueueName } from '../temporal/contract/task-queues.js';
import { resolveTemporalCli } from '../temporal/dev/temporal-binaries.js';
import { installWorkerRuntime, workerMetricsBindAddress } from '../observability/install-worker-runtime.js';
import { createLogger } from '../observability/logger.js';
import { workflowStartLogging } from '../observability/workflow-start-logging.js';
import { startApiServer } from './api-server.js';
import { loadOrCreateDevSecrets } from './dev-secrets.js';
import { rememberLocalPassword } from './local-database-password.js';
import { startLocalPostgres } from './local-postgres.js';
import { seedSandbox, writeSandboxEnv, type SandboxCredentials } from './seed-sandbox.js';

const quietLogger = (log: (line: string) => void) =>
  new DefaultLogger('WARN', (entry) => log(`[${entry.level}] ${entry.message}`));

export interface LocalStack {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  databaseUrl: string;
  /** The connection the workers poll on and the client the API starts workflows with (eager starts need both). */
  connection: NativeConnection;
  temporal: Client;
  /** How this process starts delivery workflows (eagerly on its own webhooks worker when ACTION_EAGER_START). */
  deliveryWorkflows: DeliveryWorkflowOptions;
  seeded: { credentials: SandboxCredentials; envFile: string } | null;
  app: FastifyInstance;
  /** Stops every piece, the last started first. */
  stop(): Promise<void>;
}

/**
 * Everything a newcomer needs in one process: PostgreSQL and Temporal (embedded unless
 * DATABASE_URL / TEMPORAL_ADDRESS say otherwise), migrations, both workers and the API.
 */
export async function startLocalStack(config: Config, log: (line: string) => void): Promise<LocalStack> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => log(`stop failed: ${String(error)}`));
  };
  try {
    const dataDir = resolve(config.DATA_DIR);
    const secrets =
      config.MASTER_KEY && config.JWT_SECRET
        ? { masterKey: config.MASTER_KEY, jwtSecret: config.JWT_SECRET }
        : await loadOrCreateDevSecrets(dataDir);

    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const postgres = await startLocalPostgres(dataDir, config.EMBEDDED_POSTGRES_PORT, () => {});
      stops.push(postgres.stop);
      databaseUrl = postgres.url;
      rememberLocalPassword(dataDir, databaseUrl);
    }
    const db = createDatabase(databaseUrl, config.DATABASE_POOL_SIZE);
    stops.push(() => db.destroy());
    await migrateToLatest(db, { masterKey: secrets.masterKey });

    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      const server = await startTemporalDevServer({
        cliPath: await resolveTemporalCli(),
        dbFile: join(dataDir, 'temporal.sqlite'),
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        log,
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }

    // The workers log at LOG_LEVEL (warn in dev): worker state changes are INFO, a terminal wants what needs attention.
    const workerLog = createLogger(config.LOG_LEVEL);
    installWorkerRuntime({ logger: workerLog, metricsBindAddress: workerMetricsBindAddress(config) });
    // API and workers share one NativeConnection: that is what lets action workflows start eagerly.
    const connection = await NativeConnection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const temporal = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      interceptors: workflowStartLogging(workerLog),
    });
    // Deliveries the ledger worker's activities dispatch start eagerly on the webhooks worker beside it.
    const deliveryWorkflows = { ...defaultDeliveryWorkflowOptions, eagerStart: config.ACTION_EAGER_START };
    const activityDeps = {
      db,
      temporal,
      secretBox: createSecretBox(secrets.masterKey),
      webhooks: webhookSettingsFrom(config),
      now: () => new Date(),
      deliveryWorkflows,
    };
    // Bundled once for both queues' workers.
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger(log) });
    const workers: Worker[] = [];
    for (const taskQueue of Object.keys(taskQueues) as TaskQueueName[]) {
      workers.push(
        await createWorker({
          connection,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue,
          deps: activityDeps,
          keyExpiry: keyExpirySettingsFrom(config),
          redrive: redriveSettingsFrom(config),
          workflowBundleCode: code,
        }),
      );
    }
    const running = workers.map((worker) => worker.run());
    stops.push(async () => {
      // The SDK already begins shutdown on SIGINT/SIGTERM; only ask workers still running.
      workers.filter((worker) => worker.getState() === 'RUNNING').forEach((worker) => worker.shutdown());
      await Promise.all(running);
    });

    const { app, url } = await startApiServer({
      config,
      db,
      databaseUrl,
      temporal,
      ...secrets,
      actionEagerStart: config.ACTION_EAGER_START,
    });
    stops.push(() => app.close());

    const credentials = await seedSandbox(db, createSecretBox(secrets.masterKey));
    const seeded = credentials ? { credentials, envFile: await writeSandboxEnv(dataDir, url, credentials) } : null;
    return {
      apiUrl: url,
      temporalAddress,
      temporalUiUrl,
      databaseUrl,
      connection,
      temporal,
      deliveryWorkflows,
      seeded,
      app,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
