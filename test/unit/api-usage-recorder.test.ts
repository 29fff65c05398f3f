import { describe, expect, it } from 'vitest';
import { createApiUsageRecorder, UsageFlushError } from '../../src/usage/api-usage-recorder.js';
import type { UsageBucket } from '../../src/usage/usage-buckets.js';

const request = (route: string, status = 200, durationMs = 10) => ({
  partnerId: 'ptn_1',
  environment: 'sandbox' as const,
  keyId: 'key_1',
  method: 'GET',
  route,
  status,
  durationMs,
});

function clockAt(iso: string) {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => (now = new Date(next)) };
}

describe('API usage recorder', () => {
  it('aggregates requests per minute bucket: count, total and max duration', async () => {
    const written: UsageBucket[][] = [];
    const clock = clockAt('2026-11-22T10:00:05Z');
    const recorder = createApiUsageRecorder({ write: async (b) => void written.push(b), now: clock.now });
    recorder.record(request('/a', 200, 10));
    recorder.record(request('/a', 200, 30));
    recorder.record(request('/a', 429, 1));
    clock.set('2026-11-22T10:01:00Z');
    recorder.record(request('/a', 200, 5));
    expect(await recorder.flush()).toBe(3);
    expect(written[0]!.map((b) => [b.minute.toISOString(), b.status, b.requestCount, b.totalMs, b.maxMs])).toEqual([
      ['2026-11-22T10:00:00.000Z', 200, 2, 40, 30],
      ['2026-11-22T10:00:00.000Z', 429, 1, 1, 1],
      ['2026-11-22T10:01:00.000Z', 200, 1, 5, 5],
    ]);
    expect(await recorder.flush()).toBe(0);
  });

  it('keeps the counts of a failed flush and writes them, merged with newer ones, on the next', async () => {
    let fail = true;
    const written: UsageBucket[] = [];
    const recorder = createApiUsageRecorder({
      write: async (buckets) => {
        if (fail) throw new Error('database down');
        written.push(...buckets);
      },
      now: () => new Date('2026-11-22T10:00:00Z'),
    });
    recorder.record(request('/a'));
    const error = await recorder.flush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageFlushError);
    expect(error).toMatchObject({ pending: 1, dropped: 0 });
    recorder.record(request('/a'));
    fail = false;
    await recorder.flush();
    expect(written.map((b) => b.requestCount)).toEqual([2]);
    expect(recorder.pending).toBe(0);
  });

  it('bounds what it keeps while writes fail, dropping the oldest minutes and saying how many', async () => {
    const clock = clockAt('2026-11-22T10:00:00Z');
    const recorder = createApiUsageRecorder({
      write: async () => Promise.reject(new Error('down')),
      now: clock.now,
      maxPendingBuckets: 2,
    });
    for (const minute of ['10:00', '10:01', '10:02']) {
      clock.set(`2026-11-22T${minute}:00Z`);
      recorder.record(request('/a'));
    }
    await expect(recorder.flush()).rejects.toMatchObject({ pending: 2, dropped: 1 });
  });

  it('runs flushes one after another, so an awaited flush includes everything recorded before it', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const recorder = createApiUsageRecorder({
      write: async (buckets) => {
        order.push(`start ${buckets[0]!.route}`);
        if (buckets[0]!.route === '/slow') await new Promise<void>((resolve) => (release = resolve));
        order.push(`end ${buckets[0]!.route}`);
      },
    });
    recorder.record(request('/slow'));
    const first = recorder.flush();
    await new Promise((resolve) => setTimeout(resolve, 10));
    recorder.record(request('/next'));
    const second = recorder.flush();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['start /slow']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['start /slow', 'end /slow', 'start /next', 'end /next']);
  });
});
