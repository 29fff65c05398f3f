import { minuteOf, UsageBuckets, type UsageBucket, type UsageSample } from './usage-buckets.js';

export interface ApiUsageRecorderDeps {
  write: (buckets: UsageBucket[]) => Promise<void>;
  now?: () => Date;
  /** Upper bound of buckets kept in memory while writes fail. */
  maxPendingBuckets?: number;
}

/** A flush that could not write: its buckets are kept for the next flush, except `dropped` ones. */
export class UsageFlushError extends Error {
  constructor(
    readonly pending: number,
    readonly dropped: number,
    cause: unknown,
  ) {
    super(`API usage flush failed: ${pending} buckets kept for the next flush, ${dropped} dropped`, { cause });
  }
}

/**
 * Counts requests in memory per minute bucket; flush() writes them in one batch. Flushes run one
 * after another, so a caller awaiting flush() sees everything recorded before it was written.
 */
export function createApiUsageRecorder({
  write,
  now = () => new Date(),
  maxPendingBuckets = 50_000,
}: ApiUsageRecorderDeps) {
  const buckets = new UsageBuckets(maxPendingBuckets);
  let previous: Promise<unknown> = Promise.resolve();

  async function flushOnce(): Promise<number> {
    const batch = buckets.drain();
    if (batch.length === 0) return 0;
    try {
      await write(batch);
      return batch.length;
    } catch (error) {
      const dropped = buckets.restore(batch);
      throw new UsageFlushError(buckets.size, dropped, error);
    }
  }

  return {
    record(sample: Omit<UsageSample, 'minute'>): void {
      buckets.add({ ...sample, minute: minuteOf(now()) });
    },

    /** Resolves with the number of buckets written; rejects with UsageFlushError. */
    flush(): Promise<number> {
      const run = previous.catch(() => undefined).then(flushOnce);
      previous = run;
      return run;
    },

    get pending(): number {
      return buckets.size;
    },
  };
}

export type ApiUsageRecorder = ReturnType<typeof createApiUsageRecorder>;
