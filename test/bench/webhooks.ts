import { createHmac, timingSafeEqual } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { summarize } from './latency-stats.js';
import { cpuDelta, cpuSnapshot } from './process-cpu.js';
import { loadConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/create-database.js';
import type { Database } from '../../src/db/schema.js';
import { recordEvent } from '../../src/webhooks/event-outbox.js';
import { newId } from '../../src/ids.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startLocalStack, type LocalStack } from '../../src/runtime/local-stack.js';
import { computeRequestSignature, isTimestampFresh } from '../../src/security/request-signature.js';
import { deliveryHeaders } from '../../src/webhooks/delivery/delivery-headers.js';
import { postJson } from '../../src/webhooks/delivery/http-post.js';
import { createDeliveryControl } from '../../src/webhooks/dispatch/create-delivery-control.js';
import { createDeliveryWorkflows } from '../../src/temporal/client/delivery-workflows.js';
import { eventEnvelope } from '../../src/webhooks/dispatch/event-envelope.js';
import { webhookSettingsFrom } from '../../src/webhooks/webhook-settings.js';
import { positiveIntegerOption } from './positive-integer-option.js';

/**
 * `npm run bench:webhooks`: N events fanned out to M local receivers through the durable path
 * (outbox → dispatchPending → one deliverEvent workflow per event, a deliverWebhook for any delivery
 * its first attempt did not deliver), then the same N×M signed POSTs sent directly by this process;
 * one JSON summary on stdout, progress on stderr.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '500' },
    endpoints: { type: 'string', default: '4' },
    batch: { type: 'string', default: '10' },
    unloaded: { type: 'string', default: '10' },
    'max-seconds': { type: 'string', default: '600' },
    'eager-start': { type: 'string', default: 'true' },
  },
});
const int = (name: keyof typeof values) => positiveIntegerOption(values, name);
const settings = {
  events: int('events'),
  endpoints: int('endpoints'),
  batch: int('batch'),
  unloadedSamples: int('unloaded'),
  maxSeconds: int('max-seconds'),
  eagerStart: values['eager-start'] === 'true',
};

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const now = () => performance.timeOrigin + performance.now();
const deadline = Date.now() + settings.maxSeconds * 1000;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function until(what: string, done: () => boolean | Promise<boolean>) {
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`--max-seconds reached while waiting for ${what}`);
    await sleep(20);
  }
}

// The spec's verifier recipe: any of the space-separated signatures may match (secret rotation).
function signatureValid(
  secret: string,
  header: string | undefined,
  timestamp: string | undefined,
  body: string,
): boolean {
  if (!header || !timestamp || !isTimestampFresh(timestamp, Date.now())) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  return header
    .split(' ')
    .some((given) => given.length === expected.length && timingSafeEqual(Buffer.from(given), expected));
}

interface Receiver {
  url: string;
  secret: string;
  server: http.Server;
}
/** Where arrivals go: the phase running now registers the event ids it waits for. */
const arrivals = new Map<string, number>();
const expected = new Set<string>();
const problems = { badSignatures: 0, duplicates: 0 };
const pairKey = (endpoint: number, eventId: string) => `${endpoint}|${eventId}`;

async function startReceiver(index: number): Promise<Receiver> {
  const receiver = { url: '', secret: '', server: http.createServer() };
  receiver.server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = now();
      response.writeHead(200).end();
      // Only measured events count: a registration ping may arrive before its secret is known here.
      const key = pairKey(index, String(request.headers['x-sir-event-id']));
      if (!expected.has(key)) return;
      const body = Buffer.concat(chunks).toString('utf8');
      if (
        !signatureValid(
          receiver.secret,
          request.headers['x-sir-signature'] as string | undefined,
          request.headers['x-sir-timestamp'] as string | undefined,
          body,
        )
      )
        problems.badSignatures++;
      if (arrivals.has(key)) problems.duplicates++;
      else arrivals.set(key, at);
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
  return receiver;
}

const eventData = (i: number) => ({
  actionId: newId('act'),
  actionType: 'PURCHASE',
  status: 'COMPLETED',
  tokensAwarded: 1 + (i % 7),
  stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: `bench_user_${i % 8}`, tokens: 1 + (i % 7) }],
});

/** Runs a phase that produces events; returns throughput and committed → received latency of every pair. */
async function phase(
  name: string,
  endpoints: number,
  produce: (ready: (eventId: string, at: number) => void) => Promise<void>,
) {
  arrivals.clear();
  expected.clear();
  const ready = new Map<string, number>();
  const cpuBefore = cpuSnapshot();
  const eluBefore = performance.eventLoopUtilization();
  const started = now();
  await produce((eventId, at) => {
    ready.set(eventId, at);
    for (let e = 0; e < endpoints; e++) expected.add(pairKey(e, eventId));
  });
  await until(`${name}: ${expected.size} deliveries`, () => arrivals.size === expected.size);
  const elapsedMs = Math.max(...arrivals.values()) - started;
  const latencies = [...arrivals].map(([key, at]) => at - ready.get(key.slice(key.indexOf('|') + 1))!);
  const cpuSeconds = cpuDelta(cpuBefore, cpuSnapshot());
  const cpuTotal = Object.values(cpuSeconds).reduce((a, b) => a + b, 0);
  const result = {
    deliveries: arrivals.size,
    seconds: round(elapsedMs / 1000, 3),
    deliveriesPerSecond: round((arrivals.size * 1000) / elapsedMs, 1),
    latencyMs: summarize(latencies),
    cpuSeconds,
    cpuMsPerDelivery: Object.fromEntries(
      Object.entries(cpuSeconds)
        .filter(([part]) => part !== 'outsideStack')
        .map(([part, seconds]) => [part, round((seconds * 1000) / arrivals.size)]),
    ),
    // Share of all the machine's cores busy (ours and everyone else's) during the phase.
    machineCpuBusy: round(cpuTotal / (elapsedMs / 1000) / cpus().length),
    nodeEventLoopUtilization: round(performance.eventLoopUtilization(eluBefore).utilization),
  };
  log(
    `${name}: ${result.deliveriesPerSecond} deliveries/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`,
  );
  return { result, ready, latencies };
}

/** Where a durable delivery's time goes, from the rows the product writes on the way (ms, per pair). */
async function stages(db: Kysely<Database>, ready: Map<string, number>) {
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_attempts as a', (join) =>
      join.onRef('a.delivery_id', '=', 'd.id').on('a.attempt_number', '=', 1),
    )
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .select([
      'd.event_id',
      'd.created_at',
      'd.workflow_started_at',
      'a.created_at as attempt_at',
      'w.url',
      'd.attempt_count',
      'd.status',
    ])
    .where('d.event_id', 'in', [...ready.keys()])
    .execute();
  const pick = (f: (row: (typeof rows)[number]) => number) => summarize(rows.map(f));
  return {
    rows: rows.length,
    notDeliveredOnFirstAttempt: rows.filter((row) => row.status !== 'DELIVERED' || row.attempt_count !== 1).length,
    // created_at is the dispatch transaction's start; timestamps have millisecond precision.
    committedToDeliveryRowMs: pick((row) => row.created_at.getTime() - ready.get(row.event_id)!),
    deliveryRowToWorkflowStartedMs: pick(
      (row) => (row.workflow_started_at?.getTime() ?? NaN) - row.created_at.getTime(),
    ),
    workflowStartedToAttemptMs: pick((row) => row.attempt_at.getTime() - (row.workflow_started_at?.getTime() ?? NaN)),
    committedToAttemptMs: pick((row) => row.attempt_at.getTime() - ready.get(row.event_id)!),
  };
}

/** Sends the pairs from a shared queue with at most `limit` requests in flight. */
async function sendAll(limit: number, pairs: Array<() => Promise<void>>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, pairs.length) }, async () => {
      while (next < pairs.length) await pairs[next++]!();
    }),
  );
}

async function main(cleanup: Array<() => Promise<unknown>>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'sir-bench-webhooks-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  // PostgreSQL runs as the postgres user when started as root and must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const [port, temporalPort, uiPort, pgPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
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
    WEBHOOK_ALLOW_PRIVATE_IN_SANDBOX: 'true',
    WEBHOOK_DISPATCH_INTERVAL_SECONDS: '5',
  });
  const webhookSettings = webhookSettingsFrom(config);
  const loadAverage1mAtStart = round(loadavg()[0] ?? 0);

  const receivers = await Promise.all(Array.from({ length: settings.endpoints }, (_, i) => startReceiver(i)));
  cleanup.push(() => Promise.all(receivers.map((r) => new Promise((resolve) => r.server.close(resolve)))));
  log(`starting the local stack in ${dataDir}…`);
  const stack: LocalStack = await startLocalStack(config, log);
  cleanup.push(() => stack.stop());
  if (!stack.seeded) throw new Error('a fresh data folder should have been seeded');
  const { partnerId, secretKey, hmacSecret } = stack.seeded.credentials;
  const db = createDatabase(stack.databaseUrl, config.DATABASE_POOL_SIZE);
  cleanup.push(() => db.destroy());
  // On the stack's connection, as the ledger worker's activities dispatch in `npm run dev`: with
  // --eager-start, delivery workflows start eagerly on the webhooks worker beside them.
  const temporal = new Client({ connection: stack.connection, namespace: config.TEMPORAL_NAMESPACE });
  // Counted on the bench's own client: how many workflow starts the fast path asked Temporal for,
  // duplicates included, and how many of them the server handed straight to this process's worker.
  const starts = { calls: 0, alreadyStarted: 0, eager: 0 };
  const start = temporal.workflow.start.bind(temporal.workflow);
  temporal.workflow.start = (async (...args: Parameters<typeof start>) => {
    starts.calls++;
    return start(...args).then(
      (handle) => {
        if (handle.eagerlyStarted) starts.eager++;
        return handle;
      },
      (error: unknown) => {
        if (error instanceof WorkflowExecutionAlreadyStartedError) starts.alreadyStarted++;
        throw error;
      },
    );
  }) as typeof start;
  const control = createDeliveryControl({
    db,
    workflows: createDeliveryWorkflows(temporal, webhookSettings, {
      ...stack.deliveryWorkflows,
      eagerStart: settings.eagerStart,
    }),
  });

  // Registered through the API as a partner would; each registration's ping warms the delivery path.
  for (const receiver of receivers) {
    const path = '/v1/partner/webhooks';
    const body = JSON.stringify({ url: receiver.url, description: 'bench receiver', receiveAllEvents: true });
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const signature = computeRequestSignature(hmacSecret, {
      timestamp,
      method: 'POST',
      pathWithQuery: path,
      rawBody: body,
    });
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-partner-key': secretKey,
        'x-timestamp': timestamp,
        'x-signature': signature,
      },
    });
    if (response.status !== 201)
      throw new Error(`registering a receiver: HTTP ${response.status} ${await response.text()}`);
    receiver.secret = ((await response.json()) as { secret: string }).secret;
  }
  const countDelivered = async () =>
    Number(
      (
        await db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', '=', 'DELIVERED')
          .executeTakeFirstOrThrow()
      ).n,
    );
  // The pings, and whatever the seed's own events fan out to, settle before anything is measured.
  const open = async () =>
    Number(
      (
        await db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', 'in', ['PENDING', 'RETRYING'])
          .executeTakeFirstOrThrow()
      ).n,
    );
  await until(
    'the registration pings',
    async () => (await countDelivered()) >= receivers.length && (await open()) === 0,
  );
  const deliveredBefore = await countDelivered();

  const scope = { partnerId, environment: 'sandbox' as const };
  const dispatches: Array<Promise<void>> = [];
  cleanup.push(() => Promise.allSettled(dispatches));
  // Each commit is followed by the product's fast path, in the background as the API does it.
  const durable = (count: number, batch: number) => async (ready: (eventId: string, at: number) => void) => {
    for (let from = 0; from < count; from += batch) {
      const ids = await db.transaction().execute(async (trx) => {
        const ids: string[] = [];
        for (let i = from; i < Math.min(count, from + batch); i++)
          ids.push(await recordEvent(trx, { ...scope, type: 'action.completed', data: eventData(i) }));
        return ids;
      });
      const at = now();
      ids.forEach((id) => ready(id, at));
      dispatches.push(
        control.dispatchPending().catch((error: unknown) => log(`dispatchPending failed: ${String(error)}`)),
      );
    }
  };
  // Signed and sent exactly as the sendWebhook activity does (same headers, a fresh connection each), minus the durability around it.
  const direct = (count: number, batch: number) => async (ready: (eventId: string, at: number) => void) => {
    const pairs: Array<() => Promise<void>> = [];
    for (let from = 0; from < count; from += batch) {
      const at = now();
      for (let i = from; i < Math.min(count, from + batch); i++) {
        const event = { id: newId('evt'), type: 'action.completed', created_at: new Date(), data: eventData(i) };
        const payload = eventEnvelope(event);
        ready(event.id, at);
        receivers.forEach((receiver) =>
          pairs.push(async () => {
            const headers = deliveryHeaders({
              payload,
              timestampSeconds: Math.floor(Date.now() / 1000),
              secrets: [receiver.secret],
              deliveryId: newId('dlv'),
              eventId: event.id,
              requestId: null,
              customHeaders: {},
              standardWebhooks: false,
            });
            const response = await postJson(
              { url: new URL(receiver.url), address: '127.0.0.1', family: 4 },
              headers,
              payload,
              { timeoutMs: webhookSettings.timeoutMs, signal: AbortSignal.timeout(webhookSettings.timeoutMs) },
            );
            if (response.status !== 200) throw new Error(`direct POST answered ${response.status}`);
          }),
        );
      }
    }
    await sendAll(webhookSettings.maxConcurrentSends, pairs);
  };
  // One event at a time: the latency durability adds when nothing queues. A first event, not
  // counted, opens this process's own database connections and makes its client's first start,
  // which a running API has done long before (the registration pings went through the API's).
  const unloaded = async (name: string, run: typeof durable) => {
    await phase(`${name} unloaded warm-up`, receivers.length, run(1, 1));
    Object.assign(starts, { calls: 0, alreadyStarted: 0, eager: 0 });
    const latencies: number[] = [];
    const ready = new Map<string, number>();
    for (let i = 0; i < settings.unloadedSamples; i++) {
      const sample = await phase(`${name} unloaded ${i + 1}/${settings.unloadedSamples}`, receivers.length, run(1, 1));
      latencies.push(...sample.latencies);
      sample.ready.forEach((at, id) => ready.set(id, at));
    }
    return { latencyMs: summarize(latencies), ready };
  };

  const unloadedDurable = await unloaded('durable', durable);
  const unloadedStarts = { ...starts };
  const unloadedDirect = await unloaded('direct', direct);
  log(`durable: ${settings.events} events × ${receivers.length} endpoints…`);
  Object.assign(starts, { calls: 0, alreadyStarted: 0, eager: 0 });
  const durablePhase = await phase('durable', receivers.length, durable(settings.events, settings.batch));
  await until(
    'the delivery records',
    async () =>
      (await countDelivered()) >= deliveredBefore + receivers.length * (settings.unloadedSamples + settings.events),
  );
  const durableStages = await stages(db, durablePhase.ready);
  const unloadedStages = await stages(db, unloadedDurable.ready);
  const fastPathStarts = { ...starts };
  log(`direct: ${settings.events} events × ${receivers.length} endpoints…`);
  const directPhase = await phase('direct', receivers.length, direct(settings.events, settings.batch));

  const d = durablePhase.result;
  const b = directPhase.result;
  const summary = {
    settings: {
      ...settings,
      concurrentSends: webhookSettings.maxConcurrentSends,
      dispatchIntervalSeconds: webhookSettings.dispatchIntervalSeconds,
      databasePoolSize: config.DATABASE_POOL_SIZE,
    },
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      os: `${platform()} ${release()}`,
      loadAverage1mAtStart,
    },
    durable: {
      ...d,
      stagesMs: durableStages,
      fastPathWorkflowStarts: fastPathStarts,
      unloadedLatencyMs: unloadedDurable.latencyMs,
      unloadedStagesMs: unloadedStages,
      unloadedWorkflowStarts: unloadedStarts,
    },
    direct: { ...b, unloadedLatencyMs: unloadedDirect.latencyMs },
    ratios: {
      throughputDurableToDirect: round(d.deliveriesPerSecond / b.deliveriesPerSecond, 4),
      p50LatencyDurableToDirect: round(d.latencyMs.p50 / b.latencyMs.p50),
      p99LatencyDurableToDirect: round(d.latencyMs.p99 / b.latencyMs.p99),
      unloadedP50LatencyDurableToDirect: round(unloadedDurable.latencyMs.p50 / unloadedDirect.latencyMs.p50),
    },
    receivers: problems,
  };
  if (problems.badSignatures > 0 || problems.duplicates > 0)
    throw new Error(`receivers saw ${JSON.stringify(problems)}\n${JSON.stringify(summary)}`);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

const cleanup: Array<() => Promise<unknown>> = [];
let stopping: Promise<void> | undefined;
const stopAll = () =>
  (stopping ??= (async () => {
    // Temporal client calls retry on timers after their channel closes; that must not end the process mid-stop.
    process.on('uncaughtException', (error) => log(`while stopping: ${error.message}`));
    log('stopping…');
    for (const step of cleanup.reverse()) await step().catch((error: unknown) => log(`stop failed: ${String(error)}`));
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void stopAll().finally(() => process.exit(130)));
// A hung stop must not outlive the time limit by much either.
setTimeout(
  () => {
    log('time limit reached; exiting');
    void stopAll().finally(() => process.exit(1));
    setTimeout(() => process.exit(1), 60_000).unref();
  },
  settings.maxSeconds * 1000 + 60_000,
).unref();

try {
  await main(cleanup);
} catch (error) {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopAll();
  process.exit();
}
