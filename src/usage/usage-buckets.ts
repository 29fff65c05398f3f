import type { Environment } from '../db/schema.js';

/** One answered request, attributed to the key that authenticated it. */
export interface UsageSample {
  partnerId: string;
  environment: Environment;
  keyId: string;
  method: string;
  /** The route pattern (`/v1/partner/actions/:id`), never the raw URL. */
  route: string;
  status: number;
  minute: Date;
  durationMs: number;
}

export interface UsageBucket extends Omit<UsageSample, 'durationMs'> {
  requestCount: number;
  totalMs: number;
  maxMs: number;
}

export const minuteOf = (at: Date): Date => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

const keyOf = (b: Omit<UsageSample, 'durationMs'>) =>
  [b.partnerId, b.environment, b.minute.toISOString(), b.keyId, b.method, b.route, b.status].join('\u0000');

/** Request counts per minute bucket, held in memory between flushes and bounded in size. */
export class UsageBuckets {
  private buckets = new Map<string, UsageBucket>();

  constructor(private readonly maxBuckets: number) {}

  get size(): number {
    return this.buckets.size;
  }

  add({ durationMs, ...sample }: UsageSample): void {
    this.merge({ ...sample, requestCount: 1, totalMs: durationMs, maxMs: durationMs });
  }

  /** Takes every bucket out, sorted so concurrent upserts from replicas lock rows in one order. */
  drain(): UsageBucket[] {
    const entries = [...this.buckets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.buckets = new Map();
    return entries.map(([, bucket]) => bucket);
  }

  /**
   * Puts back buckets a flush could not write, merged with what arrived meanwhile. Beyond the
   * bound the oldest minutes go first; returns how many buckets were dropped.
   */
  restore(buckets: UsageBucket[]): number {
    for (const bucket of buckets) this.merge(bucket);
    const excess = this.buckets.size - this.maxBuckets;
    if (excess <= 0) return 0;
    const oldest = [...this.buckets.entries()]
      .sort(([, a], [, b]) => a.minute.getTime() - b.minute.getTime())
      .slice(0, excess);
    for (const [key] of oldest) this.buckets.delete(key);
    return excess;
  }

  private merge(bucket: UsageBucket): void {
    const key = keyOf(bucket);
    const existing = this.buckets.get(key);
    if (!existing) {
      this.buckets.set(key, { ...bucket });
      return;
    }
    existing.requestCount += bucket.requestCount;
    existing.totalMs += bucket.totalMs;
    existing.maxMs = Math.max(existing.maxMs, bucket.maxMs);
  }
}
