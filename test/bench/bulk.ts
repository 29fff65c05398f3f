import { chmod, mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ActionRequest } from '../../src/actions/action-types.js';
import { createPoolCommitQueue } from '../../src/actions/pool-commit-queue.js';
import { loadConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/create-database.js';
import { checkLedgerInvariants } from '../../src/ledger/ledger-invariants.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startLocalStack } from '../../src/runtime/local-stack.js';
import { signedHeaders } from '../support/sign.js';
import { createActionSupply } from './action-supply.js';
import { cpuDelta, cpuSnapshot } from './process-cpu.js';
import { runAtConcurrency, type RunResult, type Task } from './load-runner.js';
import { runStackBench, type StackBenchResources } from './run-stack-bench.js';

/**
 * `npm run bench:bulk`: batches of 100 actions through the signed bulk API of the local stack,
 * (a) from one client and (b) from four concurrent ones, against (c) the same pool's group commit
 * called directly in this process with as many debits in flight as (b) has items. One JSON summary.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '4' },
    'batch-size': { type: 'string', default: '100' },
    users: { type: 'string', default: '16' },
  },
});
const whole = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive whole number, got ${values[name]}`);
  return value;
};
const settings = {
  seconds: whole('seconds'),
  clients: whole('clients'),
  batchSize: whole('batch-size'),
  users: whole('users'),
};
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (value: number) => Math.round(value * 100) / 100;
const run = Date.now().toString(36);
// One token per action under the default rules (one per whole currency unit).
const oneTokenAction = (key: string, index: number): ActionRequest => ({
  idempotencyKey: key,
  actionType: 'PURCHASE',
  amount: 1,
  currency: 'USD',
  stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: `bulk_user_${index % settings.users}` }],
  autoCreateUsers: true,
});

/** Per batch: the answer must be 200 with every item COMPLETED, in the order sent. */
function bulkTask(
  send: (
    actions: ActionRequest[],
  ) => Promise<{ status: number; body: { results?: Array<{ idempotencyKey: string; status?: string }> } }>,
  label: string,
): Task {
  return async (index) => {
    const actions = Array.from({ length: settings.batchSize }, (_, i) =>
      oneTokenAction(`${label}_${run}_${index}_${i}`, i),
    );
    const { status, body } = await send(actions);
    if (status !== 200) throw new Error(`bulk HTTP ${status}`);
    const results = body.results ?? [];
    if (
      results.length !== actions.length ||
      results.some((r, i) => r.idempotencyKey !== actions[i]!.idempotencyKey || r.status !== 'COMPLETED')
    ) {
      throw new Error('bulk answered items out of order or not COMPLETED');
    }
  };
}

/** Batches as actions: a batch's latency is its answer's, its throughput batchSize actions. */
const asActions = ({ actionsPerSecond, ...result }: RunResult) => ({
  actionsPerSecond: round(actionsPerSecond * settings.batchSize),
  batchesPerSecond: actionsPerSecond,
  ...result,
});

/** A phase's figures, with the load before it and the CPU each component spent in it. */
async function phase<T>(
  name: string,
  measure: () => Promise<T>,
): Promise<T & { loadAverage1mAtStart: number; cpuSeconds: Record<string, number> }> {
  const loadAverage1mAtStart = round(loadavg()[0]!);
  log(`${name}: ${settings.seconds} s (load average ${loadAverage1mAtStart})…`);
  const before = cpuSnapshot();
  const result = await measure();
  return { ...result, loadAverage1mAtStart, cpuSeconds: cpuDelta(before, cpuSnapshot()) };
}

async function main(running: StackBenchResources) {
  const dataDir = (running.dataDir = await mkdtemp(join(tmpdir(), 'sir-bench-bulk-')));
  await chmod(dataDir, 0o755);
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
  });
  log(`starting the local stack in ${dataDir}…`);
  const stack = (running.stack = await startLocalStack(config, log));
  const { partnerId, secretKey, hmacSecret } = stack.seeded!.credentials;
  const db = (running.db = createDatabase(stack.databaseUrl, 10));
  const scope = { partnerId, environment: 'sandbox' as const };
  await db.updateTable('partners').set({ rate_limit_per_minute: 1_000_000 }).where('id', '=', partnerId).execute();
  await createTokenPool(db, scope, { name: 'Bulk bench pool', initialTokens: 100_000_000, lowBalanceThreshold: 0 });
  await db
    .updateTable('token_pools')
    .set({ status: 'INACTIVE' })
    .where('partner_id', '=', partnerId)
    .where('name', '!=', 'Bulk bench pool')
    .execute();

  const path = '/v1/partner/actions/bulk';
  const send = async (actions: ActionRequest[]) => {
    const raw = JSON.stringify({ actions });
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: signedHeaders({ partnerKey: secretKey, hmacSecret }, 'POST', path, raw),
      body: raw,
    });
    return {
      status: response.status,
      body: (await response.json()) as { results?: Array<{ idempotencyKey: string; status?: string }> },
    };
  };
  log('warming up (creates the users and their accounts)…');
  await bulkTask(send, 'warm')(0);

  const sequential = await phase('(a) bulk, one client', async () =>
    asActions(await runAtConcurrency(bulkTask(send, 'seq'), 1, settings.seconds)),
  );
  const concurrent = await phase(`(b) bulk, ${settings.clients} clients`, async () =>
    asActions(await runAtConcurrency(bulkTask(send, 'conc'), settings.clients, settings.seconds)),
  );

  // (c) The group commit on the same pool and database, with as many debits in flight as (b) has items.
  const inFlight = settings.clients * settings.batchSize;
  const queue = createPoolCommitQueue({ db });
  const supply = createActionSupply(db, scope, `direct_${run}`, oneTokenAction);
  await supply.prime(Math.min(50_000, Math.ceil(concurrent.actionsPerSecond * 4 * settings.seconds) + inFlight));
  const direct = await phase(`(c) group commit called directly, ${inFlight} in flight`, async () => {
    const { actionsPerSecond, ...result } = await runAtConcurrency(
      async () => {
        const result = await queue.apply(await supply.take());
        if (result.status !== 'COMPLETED') throw new Error(`action ${result.status}`);
      },
      inFlight,
      settings.seconds,
    );
    return { actionsPerSecond, inFlight, ...result };
  });

  const violations = await checkLedgerInvariants(db);
  const summary = {
    settings,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    bulkSequential: sequential,
    bulkConcurrent: concurrent,
    groupCommitDirect: direct,
    ratios: {
      // Target: at least 0.5, bulk through the API against the group commit on one pool.
      bulkConcurrentToGroupCommit: round(concurrent.actionsPerSecond / direct.actionsPerSecond),
      bulkSequentialToGroupCommit: round(sequential.actionsPerSecond / direct.actionsPerSecond),
    },
    targets: {
      sequentialBatchP50Under150ms: sequential.latencyMs.p50 <= 150,
      halfOfGroupCommit: concurrent.actionsPerSecond >= 0.5 * direct.actionsPerSecond,
    },
    invariants: violations.length === 0 ? 'hold' : violations,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (violations.length > 0 || sequential.errors + concurrent.errors + direct.errors > 0) process.exitCode = 1;
}

runStackBench(main);
