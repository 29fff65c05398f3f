import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { ActionRequest } from '../../src/actions/action-types.js';
import { applyAction } from '../../src/actions/apply-action.js';
import { createPoolCommitQueue } from '../../src/actions/pool-commit-queue.js';
import { createDatabase } from '../../src/db/create-database.js';
import { migrateToLatest } from '../../src/db/migrate-to-latest.js';
import type { Database } from '../../src/db/schema.js';
import { checkLedgerInvariants } from '../../src/ledger/ledger-invariants.js';
import { createPartner } from '../../src/partners/create-partner.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import { startEmbeddedPostgres } from '../../src/runtime/embedded-postgres.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createActionSupply } from './action-supply.js';
import { runAtConcurrency, type Task } from './load-runner.js';
import { cpuDelta, cpuSnapshot } from './process-cpu.js';
import { straightforwardDebit } from './straightforward-debit.js';

/**
 * `npm run bench:hot-pool`: debits per second one token pool takes at a fixed concurrency, three
 * ways side by side on a throwaway PostgreSQL (durable, as in production, unless --unsafe-fast):
 * (a) the straightforward conditional UPDATE, one minimal transaction per debit, also at the pool
 * sizes of --sweep for its ceiling; (b) applyAction, one transaction per action; (c) applyAction
 * through the group-commit queue. (a) and (c) run at each level of --concurrency: group commit's
 * batches grow with the number of actions waiting, the straightforward design's rate does not.
 * Prints one JSON summary.
 */
const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '64,256' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    sweep: { type: 'string', default: '2,4,8,16' },
    'batch-size': { type: 'string', default: '128' },
    users: { type: 'string', default: '64' },
    'unsafe-fast': { type: 'boolean', default: false },
  },
});
const whole = (name: 'seconds' | 'connections' | 'batch-size' | 'users') => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive whole number, got ${values[name]}`);
  return value;
};
const wholeList = (name: 'concurrency' | 'sweep') =>
  values[name].split(',').map((n) => {
    if (!/^[1-9]\d*$/.test(n))
      throw new Error(`--${name} takes whole numbers separated by commas, got ${values[name]}`);
    return Number(n);
  });
const settings = {
  /** Concurrent debits (a) and (c) run at; the connection sweep and (b) run at the first. */
  concurrency: wholeList('concurrency'),
  seconds: whole('seconds'),
  connections: whole('connections'),
  maxBatchSize: whole('batch-size'),
  users: whole('users'),
  /** Pool sizes (a) also runs at, to find its ceiling. */
  sweep: wholeList('sweep'),
  unsafeFast: values['unsafe-fast'],
};
const log = (line: string) => process.stderr.write(`${line}\n`);
// One token per action under the default rules (one per whole currency unit).
const oneTokenAction = (key: string, index: number): ActionRequest => ({
  idempotencyKey: key,
  actionType: 'PURCHASE',
  amount: 1,
  currency: 'USD',
  stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: `bench_user_${index % settings.users}` }],
  autoCreateUsers: true,
});
const round = (value: number) => Math.round(value * 100) / 100;

async function phase(name: string, db: Kysely<Database>, task: Task, concurrency: number) {
  const loadAverage1mAtStart = round(loadavg()[0]!);
  log(`${name}, ${concurrency} concurrent: running for ${settings.seconds} s (load average ${loadAverage1mAtStart})…`);
  const cpuBefore = cpuSnapshot();
  const { actionsPerSecond, ...result } = await runAtConcurrency(task, concurrency, settings.seconds);
  const cpuSeconds = cpuDelta(cpuBefore, cpuSnapshot());
  const violations = await checkLedgerInvariants(db);
  log(
    `${name}: ${actionsPerSecond} debits/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.errors} errors`,
  );
  return {
    debitsPerSecond: actionsPerSecond,
    concurrency,
    ...result,
    loadAverage1mAtStart,
    cpuSeconds,
    invariantsHold: violations.length === 0,
    violatedInvariants: violations.map((v) => v.invariant),
  };
}

async function main() {
  const runDir = await mkdtemp(join(tmpdir(), 'sir-bench-hot-pool-'));
  // PostgreSQL runs as its own user when we are root, and must be able to enter this folder.
  await chmod(runDir, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir: join(runDir, 'postgres'),
    port: await freePort(),
    unsafeFast: settings.unsafeFast,
  });
  const admin = createDatabase(postgres.urlFor('postgres'), 1);
  await sql`create database bench`.execute(admin);
  await admin.destroy();
  const db = createDatabase(postgres.urlFor('bench'), settings.connections);
  try {
    await migrateToLatest(db);
    const partner = await createPartner(db, { name: 'Hot pool bench', status: 'ACTIVE' });
    const scope = { partnerId: partner.id, environment: 'sandbox' as const };
    // More than all phases can take: at most one debit per slot per 0.1 ms, in at most sweep + 2 + 2 per level phases.
    const initialTokens =
      (settings.sweep.length + 2 + 2 * settings.concurrency.length) *
      Math.max(...settings.concurrency) *
      settings.seconds *
      10_000;
    const pool = await createTokenPool(db, scope, { name: 'Hot pool', initialTokens, lowBalanceThreshold: 0 });

    log('warming up (creates the users and their accounts)…');
    const warm = createActionSupply(db, scope, 'warm', oneTokenAction);
    for (let i = 0; i < settings.users; i++) await applyAction(db, await warm.take());
    const userIds = (
      await db.selectFrom('partner_users').select('id').where('partner_id', '=', partner.id).execute()
    ).map((u) => u.id);

    const completing = (
      label: string,
      apply: (actionId: string) => Promise<{ status: string }>,
    ): { supply: ReturnType<typeof createActionSupply>; task: Task } => {
      const supply = createActionSupply(db, scope, label, oneTokenAction);
      return {
        supply,
        task: async () => {
          const result = await apply(await supply.take());
          if (result.status !== 'COMPLETED') throw new Error(`action ${result.status}`);
        },
      };
    };
    const perAction = completing('per_action', (id) => applyAction(db, id));
    const queue = createPoolCommitQueue({ db, maxBatchSize: settings.maxBatchSize });
    const grouped = completing('grouped', (id) => queue.apply(id));
    // Enough actions registered off the clock for ten times the straightforward rate; beyond, the supply registers on the clock.
    const primed = (rate: number) => Math.min(50_000, Math.ceil(10 * rate * settings.seconds));

    const [firstLevel, ...higherLevels] = settings.concurrency as [number, ...number[]];
    const straightforwardAt = async (connections: number, concurrency: number) => {
      const sized = createDatabase(postgres.urlFor('bench'), connections);
      try {
        return await phase(
          `(a) straightforward debit, ${connections} connections`,
          db,
          straightforwardDebit(sized, scope, pool.id, userIds),
          concurrency,
        );
      } finally {
        await sized.destroy();
      }
    };
    // (a) at several pool sizes: fewer connections mean fewer waiters on the row, so its ceiling is the best of them.
    const straightforward: Record<string, Awaited<ReturnType<typeof phase>>> = {};
    for (const connections of [...new Set([...settings.sweep, settings.connections])].sort((x, y) => x - y)) {
      straightforward[connections] = await straightforwardAt(connections, firstLevel);
    }
    const [ceilingConnections, ceiling] = Object.entries(straightforward).sort(
      ([, x], [, y]) => y.debitsPerSecond - x.debitsPerSecond,
    )[0]!;
    await perAction.supply.prime(primed(ceiling.debitsPerSecond));
    const b = await phase('(b) applyAction per transaction', db, perAction.task, firstLevel);

    const levels: Array<{
      concurrency: number;
      a: Awaited<ReturnType<typeof phase>>;
      c: Awaited<ReturnType<typeof phase>>;
    }> = [];
    for (const concurrency of [firstLevel, ...higherLevels]) {
      const a =
        concurrency === firstLevel
          ? straightforward[settings.connections]!
          : await straightforwardAt(settings.connections, concurrency);
      await grouped.supply.prime(primed(Math.max(ceiling.debitsPerSecond, b.debitsPerSecond)));
      const c = await phase('(c) applyAction through the group-commit queue', db, grouped.task, concurrency);
      levels.push({ concurrency, a, c });
    }
    const { rows } = await sql<{ actions: number; commits: number }>`
      select count(*)::int as actions, count(distinct completed_at)::int as commits from actions
      where partner_id = ${scope.partnerId} and idempotency_key like 'grouped%' and status = 'COMPLETED'`.execute(db);
    const pg = await sql<{ version: string; fsync: string; synchronous_commit: string }>`
      select version() as version, current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit`.execute(
      db,
    );

    const best = Math.max(ceiling.debitsPerSecond, ...levels.map((l) => l.a.debitsPerSecond));
    const byConcurrency = Object.fromEntries(
      levels.map(({ concurrency, a, c }) => [
        concurrency,
        {
          straightforwardDebit: a,
          groupCommitQueue: c,
          groupCommitToStraightforward: round(c.debitsPerSecond / a.debitsPerSecond),
          groupCommitToStraightforwardCeiling: round(c.debitsPerSecond / best),
        },
      ]),
    );
    const all = [...Object.values(straightforward), b, ...levels.flatMap((l) => [l.a, l.c])];
    const summary = {
      settings,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        os: `${platform()} ${release()}`,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
      },
      postgres: pg.rows[0],
      phases: {
        byConcurrency,
        applyActionPerTransaction: b,
        // Actions of one batch share their transaction's start time; batches started in the same millisecond count once.
        approxActionsPerCommit: round(rows[0]!.actions / Math.max(1, rows[0]!.commits)),
      },
      straightforwardByConnections: Object.fromEntries(
        Object.entries(straightforward).map(([n, p]) => [
          n,
          { debitsPerSecond: p.debitsPerSecond, p99: p.latencyMs.p99, loadAverage1mAtStart: p.loadAverage1mAtStart },
        ]),
      ),
      ratios: {
        groupCommitToStraightforwardByConcurrency: Object.fromEntries(
          levels.map(({ concurrency, a, c }) => [concurrency, round(c.debitsPerSecond / a.debitsPerSecond)]),
        ),
        /** Against the best rate (a) reached at any pool size or concurrency. */
        groupCommitToStraightforwardCeilingByConcurrency: Object.fromEntries(
          levels.map(({ concurrency, c }) => [concurrency, round(c.debitsPerSecond / best)]),
        ),
        straightforwardCeilingConnections: Number(ceilingConnections),
        groupCommitToApplyAction: round(levels[0]!.c.debitsPerSecond / b.debitsPerSecond),
        target5xStraightforwardMetAtConcurrency: levels
          .filter(({ a, c }) => c.debitsPerSecond >= 5 * a.debitsPerSecond)
          .map((l) => l.concurrency),
        target5xStraightforwardCeilingMetAtConcurrency: levels
          .filter(({ c }) => c.debitsPerSecond >= 5 * best)
          .map((l) => l.concurrency),
        invariantsHoldAfterEveryPhase: all.every((p) => p.invariantsHold),
      },
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await db.destroy();
    await postgres.stop();
    await rm(runDir, { recursive: true, force: true });
  }
}

await main();
