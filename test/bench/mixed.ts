import type { Kysely } from 'kysely';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/create-database.js';
import type { Database } from '../../src/db/schema.js';
import { checkLedgerInvariants } from '../../src/ledger/ledger-invariants.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startLocalStack } from '../../src/runtime/local-stack.js';
import { signedHeaders } from '../support/sign.js';
import { summarize, type LatencySummary } from './latency-stats.js';
import { cpuDelta, cpuSnapshot } from './process-cpu.js';
import { runStackBench, type StackBenchResources } from './run-stack-bench.js';

/**
 * `npm run bench:mixed`: for a fixed time, closed-loop clients send a mix of signed submits,
 * reads and reversals while a wildcard webhook endpoint receives every event; then it waits until
 * nothing is left PROCESSING or undelivered and checks the ledger invariants. One JSON summary.
 * With `--dead-endpoint-seconds N`, a second wildcard endpoint refuses connections for the first N
 * seconds, then accepts: compare the submit rate with a run without it.
 */
const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '12' },
    seconds: { type: 'string', default: '20' },
    'dead-endpoint-seconds': { type: 'string', default: '0' },
  },
});
const concurrency = Number(values.concurrency);
const seconds = Number(values.seconds);
const deadSeconds = Number(values['dead-endpoint-seconds']);
if (!(concurrency > 0 && seconds > 0 && deadSeconds >= 0))
  throw new Error('--concurrency and --seconds must be positive numbers, --dead-endpoint-seconds not negative');

const log = (line: string) => process.stderr.write(`${line}\n`);
type Kind = 'submit' | 'read' | 'reverse';
/** Out of 20 operations: 12 submits, 6 reads, 2 reversals. */
const mix: Kind[] = [
  ...Array<Kind>(12).fill('submit'),
  ...Array<Kind>(6).fill('read'),
  ...Array<Kind>(2).fill('reverse'),
];

// Submits answered per window: where an outage and its recovery cost the rest.
const timelineWindowMs = 10_000;

class Tally {
  readonly latencies: Record<Kind, number[]> = { submit: [], read: [], reverse: [] };
  readonly errors: Record<string, number> = {};
  readonly submitsByWindow: number[] = [];
  constructor(private readonly start: number) {}
  record(kind: Kind, startedAt: number, error?: string) {
    if (error) this.errors[`${kind}: ${error}`] = (this.errors[`${kind}: ${error}`] ?? 0) + 1;
    else {
      const now = performance.now();
      this.latencies[kind].push(now - startedAt);
      if (kind !== 'submit') return;
      const window = Math.floor((now - this.start) / timelineWindowMs);
      while (this.submitsByWindow.length <= window) this.submitsByWindow.push(0);
      this.submitsByWindow[window]!++;
    }
  }
  summary(elapsedSeconds: number) {
    const per = (kind: Kind): { perSecond: number; ok: number; latencyMs: LatencySummary } => ({
      perSecond: Math.round((this.latencies[kind].length / elapsedSeconds) * 10) / 10,
      ok: this.latencies[kind].length,
      latencyMs: summarize(this.latencies[kind]),
    });
    const reversalToSubmitP50 =
      Math.round((summarize(this.latencies.reverse).p50 / summarize(this.latencies.submit).p50) * 100) / 100;
    return {
      submit: per('submit'),
      submitsPer10s: this.submitsByWindow,
      read: per('read'),
      reverse: per('reverse'),
      // Target: within 2x, as both answer from the ledger's commit.
      reversalToSubmitP50,
      answered202: Object.entries(this.errors)
        .filter(([error]) => error.endsWith('HTTP 202'))
        .reduce((sum, [, n]) => sum + n, 0),
      errors: this.errors,
      errorCount: Object.values(this.errors).reduce((a, b) => a + b, 0),
    };
  }
}

async function settle(
  db: Kysely<Database>,
  timeoutMs: number,
): Promise<{ processing: number; undelivered: number; seconds: number }> {
  const start = performance.now();
  for (;;) {
    const processing = Number(
      (
        await db
          .selectFrom('actions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', '=', 'PROCESSING')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const undispatched = Number(
      (
        await db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('dispatched_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const pending = Number(
      (
        await db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', 'in', ['PENDING', 'RETRYING'])
          .executeTakeFirstOrThrow()
      ).n,
    );
    const undelivered = undispatched + pending;
    const elapsed = performance.now() - start;
    if ((processing === 0 && undelivered === 0) || elapsed > timeoutMs)
      return { processing, undelivered, seconds: Math.round(elapsed) / 1000 };
    await sleep(200);
  }
}

type Call = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * A wildcard endpoint whose port refuses connections for a while, then accepts: what a failing
 * endpoint costs the rest (its attempts while down), and that every delivery arrives once after.
 */
async function deadEndpoint(call: Call) {
  const received = new Map<string, number>();
  const server = createServer((request, response) =>
    request.resume().on('end', () => {
      const deliveryId = String(request.headers['x-sir-delivery-id']);
      received.set(deliveryId, (received.get(deliveryId) ?? 0) + 1);
      response.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const hook = await call('POST', '/v1/partner/webhooks', { url: `http://127.0.0.1:${port}/hooks`, eventTypes: ['*'] });
  if (hook.status !== 201) throw new Error(`webhook registration failed: ${JSON.stringify(hook.body)}`);
  const webhookId = String(hook.body.id);
  const failedAttempts = (db: Kysely<Database>) =>
    db
      .selectFrom('webhook_attempts as a')
      .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('d.endpoint_id', '=', webhookId)
      .where('a.succeeded', '=', false)
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  let refusedMs = 0;
  return {
    /** Refuses for `ms`, then listens on the same port again; resolves when it does. */
    async refuseFor(ms: number): Promise<void> {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const from = performance.now();
      await sleep(ms);
      server.listen(port, '127.0.0.1');
      refusedMs = performance.now() - from;
    },
    async summary(db: Kysely<Database>) {
      const deliveries = await db
        .selectFrom('webhook_deliveries')
        .select(['id', 'status'])
        .where('endpoint_id', '=', webhookId)
        .execute();
      const failed = await failedAttempts(db);
      server.close();
      return {
        refusedSeconds: Math.round(refusedMs) / 1000,
        deliveries: deliveries.length,
        // Every failed attempt happened while it refused: after, each delivery's attempt succeeds.
        failedAttempts: failed,
        failedAttemptsPerMinuteDown: Math.round((failed / (refusedMs / 60_000)) * 10) / 10,
        notDelivered: deliveries.filter((delivery) => delivery.status !== 'DELIVERED').length,
        receivedMoreThanOnce: [...received.values()].filter((count) => count > 1).length,
        receivedOnce: deliveries.filter((delivery) => received.get(delivery.id) === 1).length,
      };
    },
  };
}

async function main(running: StackBenchResources) {
  const dataDir = (running.dataDir = await mkdtemp(join(tmpdir(), 'sir-bench-mixed-')));
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
    WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX: 'true',
  });
  const loadAverage1mAtStart = loadavg()[0];
  log(`starting the local stack in ${dataDir}…`);
  const stack = (running.stack = await startLocalStack(config, log));
  const { partnerId, secretKey, hmacSecret } = stack.seeded!.credentials;
  const db = createDatabase(stack.databaseUrl, 4);
  const receiver = createServer((request, response) => request.resume().on('end', () => response.end()));
  try {
    await db.updateTable('partners').set({ rate_limit_per_minute: 1_000_000 }).where('id', '=', partnerId).execute();
    await createTokenPool(
      db,
      { partnerId, environment: 'sandbox' },
      { name: 'Mixed bench pool', initialTokens: 10_000_000, lowBalanceThreshold: 0 },
    );
    await db
      .updateTable('token_pools')
      .set({ status: 'INACTIVE' })
      .where('partner_id', '=', partnerId)
      .where('name', '!=', 'Mixed bench pool')
      .execute();
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const call = async (method: string, path: string, body?: unknown) => {
      const raw = body === undefined ? '' : JSON.stringify(body);
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: signedHeaders({ partnerKey: secretKey, hmacSecret }, method, path, raw),
        body: raw || undefined,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const hook = await call('POST', '/v1/partner/webhooks', {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
      eventTypes: ['*'],
    });
    if (hook.status !== 201) throw new Error(`webhook registration failed: ${JSON.stringify(hook.body)}`);
    const dead = deadSeconds > 0 ? await deadEndpoint(call) : undefined;

    const completed: { actionId: string; user: string }[] = [];
    let next = 0;
    const operation = async (kind: Kind, index: number) => {
      if (kind === 'submit' || completed.length === 0) {
        const user = `mixed_user_${index % 16}`;
        const body = {
          idempotencyKey: `mixed_${index}`,
          actionType: 'PURCHASE',
          amount: 3,
          currency: 'USD',
          stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: user }],
          autoCreateUsers: true,
        };
        const answer = await call('POST', '/v1/partner/actions/submit', body);
        if (answer.status !== 200) throw new Error(`submit HTTP ${answer.status}`);
        completed.push({ actionId: String(answer.body.actionId), user });
      } else if (kind === 'read') {
        const { actionId, user } = completed[index % completed.length]!;
        const paths = [
          `/v1/partner/actions/${actionId}`,
          '/v1/partner/actions?limit=20',
          `/v1/partner/users/${user}/balance`,
        ];
        const answer = await call('GET', paths[index % paths.length]!);
        if (answer.status !== 200) throw new Error(`read HTTP ${answer.status}`);
      } else {
        const { actionId } = completed.splice(index % completed.length, 1)[0]!;
        const answer = await call('POST', `/v1/partner/actions/${actionId}/reverse`, {
          reversalPercentage: 50,
          reason: 'bench',
          refundIdempotencyKey: `mixed_refund_${index}`,
        });
        if (answer.status !== 200) throw new Error(`reverse HTTP ${answer.status}`);
      }
    };

    log(`mixed workload: ${concurrency} clients for ${seconds} s…`);
    const start = performance.now();
    const tally = new Tally(start);
    const cpuBefore = cpuSnapshot();
    const refusing = dead?.refuseFor(deadSeconds * 1000);
    const deadline = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const index = next++;
          const kind = mix[index % mix.length]!;
          const startedAt = performance.now();
          await operation(kind, index).then(
            () => tally.record(kind, startedAt),
            (error: unknown) =>
              tally.record(kind, startedAt, error instanceof Error ? error.message.slice(0, 80) : String(error)),
          );
        }
      }),
    );
    const elapsedSeconds = (performance.now() - start) / 1000;
    const cpuSeconds = cpuDelta(cpuBefore, cpuSnapshot());
    await refusing;
    log('waiting for every action and delivery to settle…');
    const settled = await settle(db, 300_000);
    const violations = await checkLedgerInvariants(db);
    const summary = {
      settings: { concurrency, seconds, mix: '12 submits : 6 reads : 2 reversals' },
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        loadAverage1mAtStart,
      },
      ...tally.summary(elapsedSeconds),
      // Over the load's seconds, per component: what the outage and its recovery cost the machine.
      cpuSeconds,
      settled,
      ...(dead && { deadEndpoint: await dead.summary(db) }),
      invariants: violations.length === 0 ? 'hold' : violations,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    const deadProblems =
      summary.deadEndpoint && (summary.deadEndpoint.notDelivered > 0 || summary.deadEndpoint.receivedMoreThanOnce > 0);
    if (violations.length > 0 || settled.processing > 0 || settled.undelivered > 0 || deadProblems)
      process.exitCode = 1;
  } finally {
    receiver.close();
    await db.destroy();
  }
}

runStackBench(main);
