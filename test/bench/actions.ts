import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { registerActions } from '../../src/actions/action-registration.js';
import type { ActionRequest } from '../../src/actions/action-types.js';
import { applyAction } from '../../src/actions/apply-action.js';
import type { PartnerScope } from '../../src/partner-scope.js';
import { loadConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/create-database.js';
import type { Database } from '../../src/db/schema.js';
import { accounts } from '../../src/ledger/account-ids.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import { accountBalance, findActivePool } from '../../src/pools/token-pool-repository.js';
import { loadOrCreateDevSecrets } from '../../src/runtime/dev-secrets.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startLocalStack, type LocalStack } from '../../src/runtime/local-stack.js';
import { computeRequestSignature } from '../../src/security/request-signature.js';
import { connectTemporalClient } from '../../src/temporal/client/connect-client.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { startDirectApi } from './direct-api.js';
import { startFloor, type Floor } from './floor-phase.js';
import { runAtConcurrency, runAtRate, type RunResult, type Task } from './load-runner.js';
import { cpuDelta, cpuSnapshot } from './process-cpu.js';
import { wildcardEndpointCost } from './wildcard-endpoint-cost.js';
import { workflowCost } from './workflow-cost.js';

/**
 * `npm run bench:actions`: signed HTTP submits against the local stack, (A) at a fixed concurrency
 * and (B) at a fixed rate, through Temporal; (F) Temporal's floor: an empty workflow with one local
 * activity, started as actions are, at the same concurrency; then the baselines at the same
 * concurrency: (C) the ledger transaction called in this process, and (D) the same signed HTTP API
 * applying each action in the request without Temporal. Before those two, what one reward costs
 * Temporal, read from recorded histories, without and with one wildcard webhook endpoint. Prints
 * one JSON summary with the CPU each part spent per action.
 */
const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '15' },
    rate: { type: 'string', default: '50' },
    'rate-seconds': { type: 'string', default: '10' },
    users: { type: 'string', default: '8' },
    'cost-samples': { type: 'string', default: '10' },
  },
});
const positive = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!(value > 0) || !Number.isFinite(value))
    throw new Error(`--${name} must be a positive number, got ${values[name]}`);
  return value;
};
const settings = {
  concurrency: Math.floor(positive('concurrency')),
  seconds: positive('seconds'),
  rate: positive('rate'),
  rateSeconds: positive('rate-seconds'),
  users: Math.floor(positive('users')),
  costSamples: Math.floor(positive('cost-samples')),
};

const log = (line: string) => process.stderr.write(`${line}\n`);
const submitPath = '/v1/partner/actions/submit';
const run = Date.now().toString(36);
const users = Array.from({ length: settings.users }, (_, i) => `bench_user_${i}`);
// amount 1 USD earns 1 token under the default rules; the pool must cover every action.
const actionRequest = (key: string, index: number): ActionRequest => ({
  idempotencyKey: `bench_${run}_${key}`,
  actionType: 'PURCHASE',
  amount: 1,
  currency: 'USD',
  stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: users[index % users.length]! }],
  autoCreateUsers: true,
});

/**
 * Waits until no action is PROCESSING and no action workflow still runs (a submit answers at the
 * ledger's commit, before its workflow ends), so a phase's backlog is not billed to the next phase.
 */
async function drain(db: Kysely<Database>, temporal: Client): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < 300_000) {
    const row = await db
      .selectFrom('actions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'PROCESSING')
      .executeTakeFirstOrThrow();
    if (
      Number(row.n) === 0 &&
      (await temporal.workflow.count(`WorkflowType = 'processAction' AND ExecutionStatus = 'Running'`)).count === 0
    )
      break;
    await sleep(100);
  }
  return Math.round(performance.now() - start) / 1000;
}

async function phase(name: string, db: Kysely<Database>, temporal: Client, execute: () => Promise<RunResult>) {
  log(`${name}: running…`);
  const cpuBefore = cpuSnapshot();
  const eluBefore = performance.eventLoopUtilization();
  const result = await execute();
  const drainSeconds = await drain(db, temporal);
  const cpuSeconds = cpuDelta(cpuBefore, cpuSnapshot());
  // CPU counts until the backlog is drained, so it covers all the work of the phase's actions.
  const busy =
    Object.values(cpuSeconds).reduce((a, b) => a + b, 0) / (result.elapsedSeconds + drainSeconds) / cpus().length;
  const actions = result.ok + result.errors;
  const cpuMsPerAction = Object.fromEntries(
    Object.entries(cpuSeconds)
      .filter(([name]) => name !== 'outsideStack')
      .map(([name, s]) => [name, Math.round((s * 10_000) / actions) / 10]),
  );
  const nodeEventLoopUtilization = Math.round(performance.eventLoopUtilization(eluBefore).utilization * 100) / 100;
  log(
    `${name}: ${result.actionsPerSecond} actions/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.ok} ok, ${result.errors} errors`,
  );
  return {
    ...result,
    drainSeconds,
    cpuSeconds,
    cpuMsPerAction,
    machineCpuBusy: Math.round(busy * 100) / 100,
    nodeEventLoopUtilization,
  };
}

interface Running {
  floor?: Floor;
  stack?: LocalStack;
  dataDir?: string;
}

async function stopAndClean(running: Running) {
  // While pieces stop, calls in flight fail late (a workflow-result poll retrying on a closed channel,
  // a pooled connection PostgreSQL drops on Ctrl-C); that must not end the process before the rest has stopped.
  process.on('uncaughtException', (error) => log(`while stopping: ${error.message}`));
  await running.floor?.stop();
  await running.stack?.stop();
  if (running.dataDir) await rm(running.dataDir, { recursive: true, force: true });
}

async function main(running: Running) {
  try {
    const dataDir = (running.dataDir = await mkdtemp(join(tmpdir(), 'sir-bench-')));
    // PostgreSQL runs as the postgres user when started as root and must be able to enter the folder.
    await chmod(dataDir, 0o755);
    const [port, temporalPort, uiPort, pgPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const config = loadConfig({
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      // The cost phase's webhook receiver listens on loopback.
      WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX: 'true',
    });
    // Other processes on the machine skew every figure; the load average and outsideStack CPU say how much.
    const loadAverage1mAtStart = loadavg()[0];
    log(`starting the local stack in ${dataDir}…`);
    const stack = (running.stack = await startLocalStack(config, log));
    if (!stack.seeded) throw new Error('a fresh data folder should have been seeded');
    const { partnerId, secretKey, hmacSecret } = stack.seeded.credentials;
    const scope: PartnerScope = { partnerId, environment: 'sandbox' };
    const partnerRateLimitPerMinute = 1_000_000;
    // The direct phase gets its own connection pool, as large as the stack's, so neither borrows the other's connections.
    const db = createDatabase(stack.databaseUrl, config.DATABASE_POOL_SIZE);
    try {
      // An upper bound: no action takes under 1 ms, so no slot can finish more than 1000 a second.
      const warmup = users.length + 4 * 3 * 1000;
      const maxActions =
        2 * settings.concurrency * settings.seconds * 1000 + settings.rate * settings.rateSeconds + warmup;
      // The partner's per-key request budget (600/min by default) would answer 429 long before the stack saturates; an operator raises it the same way.
      await db
        .updateTable('partners')
        .set({ rate_limit_per_minute: partnerRateLimitPerMinute })
        .where('id', '=', partnerId)
        .execute();
      const pool = await findActivePool(db, scope);
      const balance = pool ? await accountBalance(db, accounts.pool(pool.id).id) : 0;
      if (balance < maxActions) {
        log(`funding a pool of ${maxActions} tokens (the seeded one holds ${balance})`);
        await createTokenPool(db, scope, { name: 'Bench pool', initialTokens: maxActions, lowBalanceThreshold: 0 });
        // Actions draw from the oldest active pool, so the smaller one steps aside.
        if (pool) await db.updateTable('token_pools').set({ status: 'INACTIVE' }).where('id', '=', pool.id).execute();
      }

      // The same API on another port whose submits apply the action in the request, without Temporal.
      const temporal = await connectTemporalClient(stack.temporalAddress, config.TEMPORAL_NAMESPACE);
      const directApi = await startDirectApi({ config, db, temporal, ...(await loadOrCreateDevSecrets(dataDir)) });
      const overHttp =
        (label: string, apiUrl = stack.apiUrl): Task =>
        async (index) => {
          const body = JSON.stringify(actionRequest(`${label}_${index}`, index));
          const timestamp = Math.floor(Date.now() / 1000).toString();
          const signature = computeRequestSignature(hmacSecret, {
            timestamp,
            method: 'POST',
            pathWithQuery: submitPath,
            rawBody: body,
          });
          const response = await fetch(`${apiUrl}${submitPath}`, {
            method: 'POST',
            body,
            headers: {
              'content-type': 'application/json',
              'x-partner-key': secretKey,
              'x-timestamp': timestamp,
              'x-signature': signature,
            },
          });
          const result = (await response.json()) as { status?: string; error?: { code?: string } };
          if (response.status !== 200 || result.status !== 'COMPLETED')
            throw new Error(`HTTP ${response.status} ${result.status ?? result.error?.code ?? ''}`);
        };
      const direct =
        (label: string): Task =>
        async (index) => {
          const [registration] = await registerActions(
            db,
            scope,
            [actionRequest(`${label}_${index}`, index)],
            `req_bench_${label}_${index}`,
          );
          if (!registration || 'conflict' in registration) throw new Error('registration refused');
          const result = await applyAction(db, registration.action.id);
          if (result.status !== 'COMPLETED') throw new Error(`${result.status} ${result.failure?.code ?? ''}`);
        };

      const floor = (running.floor = await startFloor({
        connection: stack.connection,
        temporal: stack.temporal,
        namespace: config.TEMPORAL_NAMESPACE,
        eagerStart: config.ACTION_EAGER_START,
        waitMs: config.ACTION_SYNC_WAIT_MS,
        run,
      }));

      log('warming up (creates the users, compiles the hot paths)…');
      for (let i = 0; i < users.length; i++) await overHttp('warm_seq')(i);
      // Warm-up failures (e.g. a 202 while the JIT is cold) are not measured; only the user creation above must succeed.
      await runAtConcurrency(overHttp('warm_http'), 4, 2);
      await runAtConcurrency(direct('warm_direct'), 4, 1);
      await runAtConcurrency(overHttp('warm_direct_http', directApi.url), 4, 1);
      await runAtConcurrency(floor.task('warm'), 4, 1);
      await drain(db, temporal);

      const orchestrated = await phase('A orchestrated', db, temporal, () =>
        runAtConcurrency(overHttp('a'), settings.concurrency, settings.seconds),
      );
      const floorPhase = await phase('F floor', db, temporal, () =>
        runAtConcurrency(floor.task('f'), settings.concurrency, settings.seconds),
      );
      await floor.stop();
      delete running.floor;
      const rateLimited = await phase('B rate-limited', db, temporal, () =>
        runAtRate(overHttp('b'), settings.rate, settings.rateSeconds),
      );
      // Before (C) and (D), whose events no workflow dispatches: the sweep would deliver them to the endpoint.
      log('reading what one reward costs Temporal from recorded histories…');
      const samples = (workflowId: (index: number) => string) =>
        Array.from({ length: settings.costSamples }, (_, index) => workflowId(index));
      const rewardWorkflowId = (label: string) => (index: number) =>
        workflowIds.action(partnerId, 'sandbox', actionRequest(`${label}_${index}`, index).idempotencyKey);
      const costPerReward = {
        floor: await workflowCost(
          temporal,
          samples((index) => floor.workflowId('f', index)),
        ),
        withoutEndpoints: await workflowCost(temporal, samples(rewardWorkflowId('a'))),
        withOneWildcardEndpoint: await wildcardEndpointCost({
          db,
          temporal,
          apiUrl: stack.apiUrl,
          partnerId,
          credentials: { partnerKey: secretKey, hmacSecret },
          submit: overHttp('e'),
          rewardWorkflowId: rewardWorkflowId('e'),
          rewards: settings.costSamples,
        }),
      };
      const directPhase = await phase('C direct', db, temporal, () =>
        runAtConcurrency(direct('c'), settings.concurrency, settings.seconds),
      );
      const directOverHttp = await phase('D direct over HTTP', db, temporal, () =>
        runAtConcurrency(overHttp('d', directApi.url), settings.concurrency, settings.seconds),
      );
      await directApi.close();
      await temporal.connection.close();

      const ratio = orchestrated.actionsPerSecond / directPhase.actionsPerSecond;
      const ratioOverHttp = orchestrated.actionsPerSecond / directOverHttp.actionsPerSecond;
      const summary = {
        settings: { ...settings, partnerRateLimitPerMinute },
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model ?? 'unknown',
          node: process.version,
          os: `${platform()} ${release()}`,
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          loadAverage1mAtStart,
        },
        phases: { orchestrated, floor: floorPhase, rateLimited, direct: directPhase, directOverHttp },
        costPerReward,
        ratios: {
          /** Against Temporal's floor (an empty workflow with one local activity, started the same way): what the API, the ledger and our workflow add. */
          orchestratedToFloorThroughput:
            Math.round((orchestrated.actionsPerSecond / floorPhase.actionsPerSecond) * 100) / 100,
          floorTargetMet: orchestrated.actionsPerSecond / floorPhase.actionsPerSecond >= 0.85,
          /** Against the ledger transaction called in this process: the API's own cost counts as orchestration. */
          orchestratedToDirectThroughput: Math.round(ratio * 100) / 100,
          throughputTargetMet: ratio >= 0.5,
          /** Against the same signed HTTP submits applied without Temporal: orchestration is the only difference. */
          orchestratedToDirectOverHttpThroughput: Math.round(ratioOverHttp * 100) / 100,
          throughputTargetMetOverHttp: ratioOverHttp >= 0.5,
          p99AtRateMs: rateLimited.latencyMs.p99,
          p99Under100msAtRate: rateLimited.latencyMs.p99 < 100 && rateLimited.errors === 0,
        },
      };
      // Printed before stopping, so a failure while stopping cannot lose the figures.
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } finally {
      await db.destroy();
    }
  } catch (error) {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  } finally {
    log('stopping the stack…');
    await stopAndClean(running);
  }
}

const running: Running = {};
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping…`);
    void stopAndClean(running).finally(() => process.exit(130));
  });
}
void main(running).finally(() => process.exit());
