import { spawn } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: every benchmark in turn, each on its own stack, then one JSON summary with the
 * figures that matter, their ratios to the direct baselines, and the invariant verdicts. Each
 * benchmark's full output is kept under `benchmarks`. Extra arguments are not passed through:
 * run a single `bench:*` script to change its settings.
 */
interface Benchmark {
  name: string;
  script: string;
  args: string[];
}

const benchmarks: Benchmark[] = [
  { name: 'actions', script: 'actions.ts', args: ['--seconds', '15', '--rate-seconds', '10'] },
  { name: 'webhooks', script: 'webhooks.ts', args: ['--events', '300'] },
  { name: 'hotPool', script: 'hot-pool.ts', args: [] },
  { name: 'mixed', script: 'mixed.ts', args: ['--seconds', '20'] },
  { name: 'bulk', script: 'bulk.ts', args: [] },
];

const log = (line: string) => process.stderr.write(`${line}\n`);
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Runs one benchmark script, passing its progress through, and parses the JSON it prints. */
function run(benchmark: Benchmark): Promise<{ exitCode: number; summary: unknown }> {
  const script = fileURLToPath(new URL(benchmark.script, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [script, ...benchmark.args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const json = stdout.slice(stdout.indexOf('{'));
      let summary: unknown = null;
      try {
        summary = JSON.parse(json);
      } catch {
        summary = { unparsedOutput: stdout.slice(-2000) };
      }
      resolve({ exitCode: code ?? 1, summary });
    });
  });
}

type Json = Record<string, any>;

/** The few figures a reader compares across runs, pulled from each benchmark's own summary. */
function headline(results: Record<string, { exitCode: number; summary: unknown }>) {
  const actions = results.actions?.summary as Json | undefined;
  const webhooks = results.webhooks?.summary as Json | undefined;
  const hotPool = results.hotPool?.summary as Json | undefined;
  const mixed = results.mixed?.summary as Json | undefined;
  const bulk = results.bulk?.summary as Json | undefined;
  return {
    actions: actions && {
      orchestratedPerSecond: actions.phases?.orchestrated?.actionsPerSecond,
      floorPerSecond: actions.phases?.floor?.actionsPerSecond,
      ratioToFloor: actions.ratios?.orchestratedToFloorThroughput,
      costPerReward: actions.costPerReward && {
        floor: actions.costPerReward.floor,
        withoutEndpoints: actions.costPerReward.withoutEndpoints,
        withOneWildcardEndpoint: actions.costPerReward.withOneWildcardEndpoint?.perRewardIncludingDeliveries,
      },
      directPerSecond: actions.phases?.direct?.actionsPerSecond,
      directOverHttpPerSecond: actions.phases?.directOverHttp?.actionsPerSecond,
      ratio: actions.ratios?.orchestratedToDirectThroughput,
      ratioOverHttp: actions.ratios?.orchestratedToDirectOverHttpThroughput,
      latencyMs: actions.phases?.orchestrated?.latencyMs,
      p99AtRateMs: actions.ratios?.p99AtRateMs,
      errors: actions.phases?.orchestrated?.errors,
    },
    webhooks: webhooks && {
      durable: webhooks.durable?.deliveriesPerSecond,
      direct: webhooks.direct?.deliveriesPerSecond,
      ratios: webhooks.ratios,
    },
    hotPool: hotPool && { ratios: hotPool.ratios },
    mixed: mixed && {
      submit: mixed.submit,
      read: mixed.read,
      reverse: mixed.reverse,
      reversalToSubmitP50: mixed.reversalToSubmitP50,
      answered202: mixed.answered202,
      errorCount: mixed.errorCount,
      settled: mixed.settled,
      invariants: mixed.invariants,
    },
    bulk: bulk && {
      sequential: bulk.bulkSequential?.actionsPerSecond,
      concurrent: bulk.bulkConcurrent?.actionsPerSecond,
      groupCommit: bulk.groupCommitDirect?.actionsPerSecond,
      sequentialBatchLatencyMs: bulk.bulkSequential?.latencyMs,
      ratios: bulk.ratios,
      invariants: bulk.invariants,
    },
    failedBenchmarks: Object.entries(results)
      .filter(([, r]) => r.exitCode !== 0)
      .map(([name]) => name),
  };
}

async function main() {
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    os: `${platform()} ${release()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage1mAtStart: loadavg()[0],
  };
  const results: Record<string, { exitCode: number; summary: unknown }> = {};
  for (const benchmark of benchmarks) {
    log(`\n===== ${benchmark.name} =====`);
    results[benchmark.name] = await run(benchmark);
  }
  const summary = {
    machine,
    headline: headline(results),
    benchmarks: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.summary])),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (summary.headline.failedBenchmarks.length > 0) process.exitCode = 1;
}

void main();
