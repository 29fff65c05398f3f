import { describe, expect, it } from 'vitest';
import { coalescedRun } from '../../src/webhooks/dispatch/coalesced-run.js';

/** A run the test finishes by hand; `runs` counts how many started. */
function manualWork() {
  const finishers: Array<(error?: Error) => void> = [];
  const work = () =>
    new Promise<void>((resolve, reject) => finishers.push((error) => (error ? reject(error) : resolve())));
  return { work, finishers };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a coalesced run', () => {
  it('starts at once when idle, and gives every call made meanwhile one shared run that starts after it', async () => {
    const { work, finishers } = manualWork();
    const run = coalescedRun(work);
    const first = run();
    const during = [run(), run(), run()];
    await settle();
    expect(finishers).toHaveLength(1);
    let shared = false;
    void Promise.all(during).then(() => (shared = true));
    finishers[0]!();
    await first;
    await settle();
    expect(finishers).toHaveLength(2);
    expect(shared).toBe(false);
    finishers[1]!();
    await Promise.all(during);
    expect(finishers).toHaveLength(2);
  });

  it('rejects the calls a failed run served, and runs again for the next call', async () => {
    const { work, finishers } = manualWork();
    const run = coalescedRun(work);
    const failing = run();
    finishers[0]!(new Error('database down'));
    await expect(failing).rejects.toThrow('database down');
    const later = run();
    await settle();
    expect(finishers).toHaveLength(2);
    finishers[1]!();
    await expect(later).resolves.toBeUndefined();
  });

  it('serves a call made while a run fails with the next run, not the failure', async () => {
    const { work, finishers } = manualWork();
    const run = coalescedRun(work);
    const failing = run().catch((error: Error) => error.message);
    const waiting = run();
    finishers[0]!(new Error('database down'));
    expect(await failing).toBe('database down');
    await settle();
    finishers[1]!();
    await expect(waiting).resolves.toBeUndefined();
  });
});
