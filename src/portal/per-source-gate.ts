/** Returned instead of running a task when its source already has too many waiting. */
export const gateFull = Symbol('gateFull');

interface Lane {
  running: boolean;
  waiting: Array<() => void>;
}

/**
 * Runs one task per source at a time and queues at most `maxWaiting` more: a source that sends
 * many password checks at once gets one core's share, never both, so others' logins stay fast.
 */
export function createPerSourceGate(maxWaiting: number) {
  const lanes = new Map<string, Lane>();
  return async function run<T>(source: string, task: () => Promise<T>): Promise<T | typeof gateFull> {
    let lane = lanes.get(source);
    if (!lane) {
      lane = { running: false, waiting: [] };
      lanes.set(source, lane);
    }
    if (lane.running) {
      if (lane.waiting.length >= maxWaiting) return gateFull;
      await new Promise<void>((resolve) => lane!.waiting.push(resolve));
    }
    lane.running = true;
    try {
      return await task();
    } finally {
      const next = lane.waiting.shift();
      if (next) next();
      else {
        lane.running = false;
        lanes.delete(source);
      }
    }
  };
}

export type PerSourceGate = ReturnType<typeof createPerSourceGate>;
