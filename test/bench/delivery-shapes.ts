import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { freePort } from '../../src/runtime/free-port.js';
import {
  SirEnvironment,
  SirEventType,
  SirPartnerId,
  SirWebhookId,
} from '../../src/temporal/contract/search-attributes.js';
import { startTemporalDevServer } from '../../src/temporal/dev/dev-server.js';
import { resolveTemporalCli } from '../../src/temporal/dev/temporal-binaries.js';
import { deliveryShapeActivities } from './delivery-shape-activities.js';
import { eventShape, pairShape } from './delivery-shape-workflows.js';
import { summarize } from './latency-stats.js';
import { cpuDelta, cpuSnapshot } from './process-cpu.js';
import { positiveIntegerOption } from './positive-integer-option.js';

/**
 * `npm run bench:delivery-shapes`: Temporal's floor for delivering events to M endpoints, in the
 * shape the engine has (one workflow per pair, its attempt a local activity) and in the shape the
 * issue allows (one workflow per event, one local activity per endpoint in its first task). The
 * attempts do nothing, so the figures are what each shape costs Temporal before any database or
 * HTTP work: start → attempt latency one event at a time, then deliveries/s and CPU in a burst.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100' },
    endpoints: { type: 'string', default: '4' },
    unloaded: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '16' },
  },
});
const int = (name: keyof typeof values) => positiveIntegerOption(values, name);
const settings = {
  events: int('events'),
  endpoints: int('endpoints'),
  unloadedSamples: int('unloaded'),
  concurrency: int('concurrency'),
};
const now = () => performance.timeOrigin + performance.now();
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const taskQueue = 'bench-delivery-shapes';
const attemptedAt = new Map<string, number>();

async function main(stops: Array<() => Promise<unknown>>) {
  const loadAverage1mAtStart = round(loadavg()[0] ?? 0);
  const dataDir = await mkdtemp(join(tmpdir(), 'sir-bench-shapes-'));
  stops.push(() => rm(dataDir, { recursive: true, force: true }));
  const server = await startTemporalDevServer({
    cliPath: await resolveTemporalCli(),
    dbFile: join(dataDir, 'temporal.sqlite'),
    port: await freePort(),
    uiPort: await freePort(),
  });
  stops.push(() => server.stop());
  const connection = await NativeConnection.connect({ address: server.address });
  stops.push(() => connection.close());
  // On the worker's connection, as the dispatcher is in `npm run dev`: starts are eager.
  const client = new Client({ connection });
  const { code } = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(
      new URL(`./delivery-shape-workflows.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
    ),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { code },
    activities: deliveryShapeActivities((delivery) => attemptedAt.set(delivery, now())),
    // As the webhooks worker: local sends bounded by WEBHOOK_MAX_CONCURRENT_SENDS (100).
    maxConcurrentLocalActivityExecutions: 100,
  });
  const running = worker.run();
  stops.push(async () => {
    worker.shutdown();
    await running;
  });

  // Started as the dispatcher starts deliveries: eager, id reuse rejected, search attributes, a memo.
  const startOptions = (workflowId: string) => ({
    workflowId,
    taskQueue,
    requestEagerStart: true,
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    typedSearchAttributes: new TypedSearchAttributes([
      { key: SirPartnerId, value: 'ptn_bench' },
      { key: SirEnvironment, value: 'sandbox' },
      { key: SirEventType, value: 'action.completed' },
      { key: SirWebhookId, value: 'whk_bench' },
    ]),
    memo: { url: 'http://127.0.0.1/hook' },
  });
  const deliveriesOf = (eventId: string) =>
    Array.from({ length: settings.endpoints }, (_, endpoint) => `${eventId}/${endpoint}`);
  const shapes: Record<string, (eventId: string) => Promise<Array<WorkflowHandle>>> = {
    pair: (eventId) =>
      Promise.all(
        deliveriesOf(eventId).map((delivery) =>
          client.workflow.start(pairShape, { ...startOptions(`pair/${delivery}`), args: [delivery] }),
        ),
      ),
    event: async (eventId) => [
      await client.workflow.start(eventShape, { ...startOptions(`event/${eventId}`), args: [deliveriesOf(eventId)] }),
    ],
  };
  const deliver = async (shape: string, eventId: string): Promise<number[]> => {
    const startedAt = now();
    const handles = await shapes[shape]!(eventId);
    await Promise.all(handles.map((handle) => handle.result()));
    return deliveriesOf(eventId).map((delivery) => attemptedAt.get(delivery)! - startedAt);
  };

  const results: Record<string, unknown> = {};
  for (const shape of Object.keys(shapes)) {
    await deliver(shape, `${shape}-warm`);
    const latencies: number[] = [];
    for (let i = 0; i < settings.unloadedSamples; i++)
      latencies.push(...(await deliver(shape, `${shape}-unloaded-${i}`)));
    const before = cpuSnapshot();
    const started = now();
    let next = 0;
    await Promise.all(
      Array.from({ length: settings.concurrency }, async () => {
        while (next < settings.events) await deliver(shape, `${shape}-burst-${next++}`);
      }),
    );
    const seconds = (now() - started) / 1000;
    const cpu = cpuDelta(before, cpuSnapshot());
    const deliveries = settings.events * settings.endpoints;
    results[shape] = {
      unloadedStartToAttemptMs: summarize(latencies),
      burst: {
        deliveries,
        seconds: round(seconds, 3),
        deliveriesPerSecond: round(deliveries / seconds, 1),
        cpuMsPerDelivery: {
          temporal: round(((cpu.temporal ?? 0) * 1000) / deliveries),
          node: round(((cpu.node ?? 0) * 1000) / deliveries),
        },
        outsideCpuSeconds: cpu.outsideStack,
      },
    };
    process.stderr.write(`${shape}: ${JSON.stringify(results[shape])}\n`);
  }
  const pair = results.pair as { unloadedStartToAttemptMs: { p50: number }; burst: { deliveriesPerSecond: number } };
  const event = results.event as typeof pair;
  const summary = {
    settings,
    machine: { cpus: cpus().length, loadAverage1mAtStart },
    shapes: results,
    ratios: {
      throughputEventToPair: round(event.burst.deliveriesPerSecond / pair.burst.deliveriesPerSecond),
      unloadedP50EventToPair: round(event.unloadedStartToAttemptMs.p50 / pair.unloadedStartToAttemptMs.p50),
    },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

const stops: Array<() => Promise<unknown>> = [];
try {
  await main(stops);
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit();
}
