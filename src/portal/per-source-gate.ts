import { setTimeout as sleep } from 'node:timers/promises';

/** Returned instead of running a task when its source already has too many waiting. */
export const gateFull = Symbol('gateFull');

export interface PerSourceGateSettings {
  /** Tasks that may wait behind the running one; more are refused at once. */
  maxWaiting: number;
  /** The least time between the starts of two tasks from one source. */
  minIntervalMs: number;
}

interface Lane {
  running: boolean;
  waiting: Array<() => void>;
  lastStartedAt: number;
}

/**
 * Runs one task per source at a time, starts them at least `minIntervalMs` apart, and queues at
 * most `maxWaiting` more: a source that sends many password checks gets a bounded share of one
 * core, never both cores, so others' logins and requests stay fast. Waiting holds no CPU.
 */
export function createPerSourceGate({ maxWaiting, minIntervalMs }: PerSourceGateSettings) {
  const lanes = new Map<string, Lane>();

  // A lane outlives its last task by the interval, so back-to-back attempts stay spaced.
  function forgetWhenIdle(source: string, lane: Lane) {
    setTimeout(() => {
      if (lanes.get(source) === lane && !lane.running && lane.waiting.length === 0) lanes.delete(source);
    }, minIntervalMs).unref();
  }

  return async function run<T>(source: string, task: () => Promise<T>): Promise<T | typeof gateFull> {
    let lane = lanes.get(source);
    if (!lane) {
      lane = { running: false, waiting: [], lastStartedAt: -Infinity };
      lanes.set(source, lane);
    }
    if (lane.running) {
      if (lane.waiting.length >= maxWaiting) return gateFull;
      await new Promise<void>((resolve) => lane!.waiting.push(resolve));
    }
    lane.running = true;
    try {
      const early = lane.lastStartedAt + minIntervalMs - Date.now();
      if (early > 0) await sleep(early);
      lane.lastStartedAt = Date.now();
      return await task();
    } finally {
      const next = lane.waiting.shift();
      if (next) next();
      else {
        lane.running = false;
        forgetWhenIdle(source, lane);
      }
    }
  };
}

export type PerSourceGate = ReturnType<typeof createPerSourceGate>;
