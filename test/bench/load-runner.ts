import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarize, type LatencySummary } from './latency-stats.js';

/** One unit of work; it throws when the answer is not the expected success. */
export type Task = (index: number) => Promise<void>;

export interface RunResult {
  actionsPerSecond: number;
  latencyMs: LatencySummary;
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  elapsedSeconds: number;
}

class Recorder {
  readonly latencies: number[] = [];
  readonly errorKinds: Record<string, number> = {};
  ok = 0;
  errors = 0;

  async measure(task: Task, index: number, startedAt: number): Promise<void> {
    try {
      await task(index);
      this.ok += 1;
      this.latencies.push(performance.now() - startedAt);
    } catch (error) {
      this.errors += 1;
      // fetch reports every network failure as "fetch failed"; the cause's code says which.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const kind = `${error instanceof Error ? error.message.slice(0, 120) : String(error)}${cause ? ` (${cause})` : ''}`;
      this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
    }
  }

  result(elapsedMs: number): RunResult {
    return {
      actionsPerSecond: Math.round((this.ok / (elapsedMs / 1000)) * 10) / 10,
      latencyMs: summarize(this.latencies),
      ok: this.ok,
      errors: this.errors,
      errorKinds: this.errorKinds,
      elapsedSeconds: Math.round(elapsedMs) / 1000,
    };
  }
}

/** Closed loop: `concurrency` workers each start the next task when their last one answers. */
export async function runAtConcurrency(task: Task, concurrency: number, seconds: number): Promise<RunResult> {
  const recorder = new Recorder();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const index = next++;
      await recorder.measure(task, index, performance.now());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return recorder.result(performance.now() - start);
}

/**
 * Open loop: task i is due at start + i/rate whether or not earlier ones have answered, and its
 * latency counts from when it was due, so a stalled server cannot hide its queue (coordinated omission).
 */
export async function runAtRate(task: Task, rate: number, seconds: number): Promise<RunResult> {
  const recorder = new Recorder();
  const start = performance.now();
  const total = Math.round(rate * seconds);
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const dueAt = start + (index * 1000) / rate;
    const wait = dueAt - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(recorder.measure(task, index, dueAt));
  }
  await Promise.all(inFlight);
  return recorder.result(performance.now() - start);
}
