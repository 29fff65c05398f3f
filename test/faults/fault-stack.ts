import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createDatabase } from '../../src/db/create-database.js';
import { migrateToLatest } from '../../src/db/migrate-to-latest.js';
import type { Database } from '../../src/db/schema.js';
import { freePort } from '../../src/runtime/free-port.js';
import { seedSandbox } from '../../src/runtime/seed-sandbox.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { connectTemporalClient } from '../../src/temporal/client/connect-client.js';
import { startTemporalDevServer, type DevServer, type DevServerOptions } from '../../src/temporal/dev/dev-server.js';
import { signedHeaders, type Credentials } from '../support/sign.js';
import { answers200, superviseProcess, type SupervisedProcess } from './supervised-process.js';
import { startSupervisedPostgres, type SupervisedPostgres } from './supervised-postgres.js';

export interface FaultStack {
  apiUrl: string;
  db: Kysely<Database>;
  credentials: Credentials;
  postgres: SupervisedPostgres;
  api: SupervisedProcess;
  ledgerWorker: SupervisedProcess;
  webhooksWorker: SupervisedProcess;
  /** Stops the dev server and starts it again on the same port and SQLite file. */
  restartTemporal(): Promise<void>;
  /** A signed request to the API; network errors come back as status 0. */
  call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** The last lines of every process's log, for a failed scenario's report. */
  logTails(): Promise<string>;
  stop(): Promise<void>;
}

export interface FaultStackOptions {
  temporalCliPath: string;
  /** The run's production build: the API and workers run its compiled entry points and bundle. */
  productionAppDir: string;
}

/**
 * The production shape on loopback: PostgreSQL, the Temporal dev server, the API and one worker
 * per task queue, each its own process, with the short timings that let lost work be re-driven
 * within seconds.
 */
export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  const dir = await mkdtemp(join(tmpdir(), 'sir-faults-'));
  // PostgreSQL runs as its own user when we are root and must be able to enter the folder.
  await chmod(dir, 0o755);
  const [pgPort, temporalPort, uiPort, apiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const postgres = await startSupervisedPostgres(join(dir, 'postgres'), pgPort, dir);
  const db = createDatabase(postgres.url, 4);
  await migrateToLatest(db);
  const masterKey = randomBytes(32).toString('hex');
  const seeded = await seedSandbox(db, createSecretBox(masterKey));
  if (!seeded) throw new Error('a fresh database should have been seeded');
  await db
    .updateTable('partners')
    .set({ rate_limit_per_minute: 1_000_000 })
    .where('id', '=', seeded.partnerId)
    .execute();

  const temporalLog = join(dir, 'temporal.log');
  const devServerOptions: DevServerOptions = {
    cliPath: options.temporalCliPath,
    dbFile: join(dir, 'temporal.sqlite'),
    port: temporalPort,
    uiPort,
    log: (line) => appendFileSync(temporalLog, `${line}\n`),
  };
  let temporal: DevServer = await startTemporalDevServer(devServerOptions);

  const temporalClient = await connectTemporalClient(temporal.address, 'default');
  const env: Record<string, string> = {
    DATABASE_URL: postgres.url,
    DATABASE_POOL_SIZE: '5',
    TEMPORAL_ADDRESS: temporal.address,
    MASTER_KEY: masterKey,
    JWT_SECRET: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    // Separate processes: no eager start; a short sync wait leaves many actions in flight as 202s.
    ACTION_EAGER_START: 'false',
    ACTION_SYNC_WAIT_MS: '1000',
    STALE_REQUEST_AGE_SECONDS: '31',
    STALE_REQUEST_SWEEP_INTERVAL_SECONDS: '10',
    WEBHOOK_TIMEOUT_MS: '3000',
    WEBHOOK_RETRY_INITIAL_SECONDS: '1',
    WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '2',
    WEBHOOK_DISPATCH_INTERVAL_SECONDS: '5',
    WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX: 'true',
    WEBHOOK_DISABLE_AFTER_FAILURES: '1000',
  };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = superviseProcess({
    name: 'api',
    appDir: options.productionAppDir,
    entry: 'src/cli/api.js',
    env,
    logDir: dir,
    isReady: answers200(`${apiUrl}/readyz`),
  });
  const worker = (taskQueue: string) =>
    superviseProcess({
      name: `${taskQueue}-worker`,
      appDir: options.productionAppDir,
      entry: 'src/cli/worker.js',
      args: ['--task-queue', taskQueue, '--bundle', join(options.productionAppDir, 'dist/workflow-bundle.js')],
      env,
      logDir: dir,
      // Ready once the server sees this very process polling its workflow tasks (the SDK's identity is pid@host).
      isReady: async (pid) => {
        const { pollers } = await temporalClient.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: taskQueue },
        });
        return (pollers ?? []).some((poller) => poller.identity?.startsWith(`${pid}@`));
      },
    });
  const [ledgerWorker, webhooksWorker] = [worker('ledger'), worker('webhooks')];
  const processes = [ledgerWorker, webhooksWorker, api];
  const credentials = { partnerKey: seeded.secretKey, hmacSecret: seeded.hmacSecret };
  const stack: FaultStack = {
    apiUrl,
    db,
    credentials,
    postgres,
    api,
    ledgerWorker,
    webhooksWorker,
    async restartTemporal() {
      await temporal.stop();
      temporal = await startTemporalDevServer(devServerOptions);
    },
    async call(method, path, body) {
      const raw = body === undefined ? '' : JSON.stringify(body);
      try {
        const response = await fetch(`${apiUrl}${path}`, {
          method,
          headers: signedHeaders(credentials, method, path, raw),
          body: raw || undefined,
          signal: AbortSignal.timeout(20_000),
        });
        return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
      } catch {
        return { status: 0, body: {} };
      }
    },
    async logTails() {
      const files = [...processes.map((process) => process.logFile), postgres.logFile, temporalLog];
      const tails = await Promise.all(
        files.map(
          async (file) =>
            `==> ${file}\n${(await readFile(file, 'utf8').catch(() => '')).split('\n').slice(-40).join('\n')}`,
        ),
      );
      return tails.join('\n');
    },
    async stop() {
      await Promise.all(processes.map((process) => process.kill('SIGKILL')));
      await db.destroy();
      await temporalClient.connection.close();
      await temporal.stop();
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(processes.map((process) => process.start()));
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}
