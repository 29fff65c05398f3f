import { describe, expect, it } from 'vitest';
import { createPerSourceGate, gateFull } from '../../src/portal/per-source-gate.js';

describe('per-source gate', () => {
  it('starts one source’s tasks one at a time and at least the interval apart, other sources at once', async () => {
    const gate = createPerSourceGate({ maxWaiting: 8, minIntervalMs: 200 });
    const started: Array<[string, number]> = [];
    const origin = Date.now();
    const task = (name: string) => async () => void started.push([name, Date.now() - origin]);

    await gate('a', task('a1'));
    // Sent one after another, as a login loop does: the lane remembers the last start.
    await gate('a', task('a2'));
    await Promise.all([gate('a', task('a3')), gate('b', task('b1'))]);

    const at = Object.fromEntries(started);
    expect(at.a2! - at.a1!).toBeGreaterThanOrEqual(195);
    expect(at.a3! - at.a2!).toBeGreaterThanOrEqual(195);
    expect(at.b1! - at.a2!).toBeLessThan(150);
  });

  it('refuses at once what would wait beyond the queue', async () => {
    const gate = createPerSourceGate({ maxWaiting: 2, minIntervalMs: 0 });
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const running = gate('a', () => blocked);
    const queued = [gate('a', async () => 'second'), gate('a', async () => 'third')];
    expect(await gate('a', async () => 'fourth')).toBe(gateFull);
    release();
    expect(await Promise.all([running, ...queued])).toEqual([undefined, 'second', 'third']);
  });
});
