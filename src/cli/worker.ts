import { NativeConnection } from '@temporalio/worker';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig, requireSetting } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { createSecretBox } from '../security/secret-box.js';
import { connectTemporalClient } from '../temporal/client/connect-client.js';
import { keyExpirySettingsFrom } from '../keys/key-expiry-settings.js';
import { redriveSettingsFrom } from '../temporal/schedules/redrive-schedule.js';
import { createWorker } from '../temporal/worker/create-worker.js';
import { isTaskQueueName } from '../temporal/contract/task-queues.js';
import { webhookSettingsFrom } from '../webhooks/webhook-settings.js';
import { installWorkerRuntime, workerMetricsBindAddress } from '../observability/install-worker-runtime.js';
import { createLogger } from '../observability/logger.js';
import { workflowStartLogging } from '../observability/workflow-start-logging.js';
import { runCli } from './run-cli.js';

const usage = 'usage: npm run worker -- --task-queue ledger|webhooks [--bundle path/to/workflow-bundle.js]';

/** Production worker process for one task queue; scale each queue's workers horizontally. */
runCli(async () => {
  const { values } = parseArgs({ options: { 'task-queue': { type: 'string' }, bundle: { type: 'string' } } });
  const taskQueue = values['task-queue'] ?? '';
  if (!isTaskQueueName(taskQueue)) throw new Error(usage);
  const config = loadConfig();
  const db = createDatabase(requireSetting(config, 'DATABASE_URL'), config.DATABASE_POOL_SIZE);
  const address = requireSetting(config, 'TEMPORAL_ADDRESS');
  const logger = createLogger(config.LOG_LEVEL).child({ taskQueue });
  const metricsBindAddress = workerMetricsBindAddress(config);
  installWorkerRuntime({ logger, metricsBindAddress });
  const connection = await NativeConnection.connect({ address });
  const temporal = await connectTemporalClient(address, config.TEMPORAL_NAMESPACE, workflowStartLogging(logger));
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    deps: {
      db,
      temporal,
      secretBox: createSecretBox(requireSetting(config, 'MASTER_KEY')),
      webhooks: webhookSettingsFrom(config),
      now: () => new Date(),
    },
    keyExpiry: keyExpirySettingsFrom(config),
    redrive: redriveSettingsFrom(config),
    workflowBundleCode: values.bundle ? await readFile(values.bundle, 'utf8') : undefined,
  });
  logger.info({ temporalAddress: address, metricsBindAddress }, 'worker polling');
  // The worker stops polling on SIGINT/SIGTERM and lets running activities finish first.
  await worker.run();
  await temporal.connection.close();
  await connection.close();
  await db.destroy();
});
