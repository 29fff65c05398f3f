import { describe, expect, it } from 'vitest';
import { createGroupCommit, type CommitBatch } from '../../src/actions/group-commit.js';

/** A fake executor: records each batch and holds it open until the test releases it. */
function fakeExecutor(
  answer: (id: string) => PromiseSettledResult<string> = (id) => ({ status: 'fulfilled', value: `done ${id}` }),
) {
  const batches: Array<{ key: string; ids: string[]; release: (error?: Error) => void }> = [];
  const commit: CommitBatch<string> = (key, ids) =>
    new Promise((resolve, reject) => {
      batches.push({ key, ids, release: (error) => (error ? reject(error) : resolve(ids.map(answer))) });
    });
  return { batches, commit };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit per key', () => {
  it('commits the ids submitted in one turn of the event loop together, and those arriving meanwhile in the next batch', async () => {
    const { batches, commit } = fakeExecutor();
    const group = createGroupCommit({ maxBatchSize: 10, commit });
    const first = ['a', 'b'].map((id) => group.submit('pool', id));
    await settle();
    const later = ['c', 'd'].map((id) => group.submit('pool', id));
    await settle();
    expect(batches.map((b) => b.ids)).toEqual([['a', 'b']]);
    batches[0]!.release();
    await settle();
    expect(batches.map((b) => b.ids)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    batches[1]!.release();
    expect(await Promise.all([...first, ...later])).toEqual(['done a', 'done b', 'done c', 'done d']);
  });

  it('never puts more than maxBatchSize ids in one batch', async () => {
    const { batches, commit } = fakeExecutor();
    const group = createGroupCommit({ maxBatchSize: 2, commit });
    const results = ['a', 'b', 'c', 'd', 'e'].map((id) => group.submit('pool', id));
    for (let i = 0; i < 3; i++) {
      await settle();
      batches[i]!.release();
    }
    await Promise.all(results);
    expect(batches.map((b) => b.ids)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('runs the batches of different keys side by side, one at a time per key', async () => {
    const { batches, commit } = fakeExecutor();
    const group = createGroupCommit({ maxBatchSize: 10, commit });
    const results = [group.submit('p1', 'a'), group.submit('p2', 'b')];
    await settle();
    results.push(group.submit('p1', 'c'));
    await settle();
    expect(batches.map((b) => [b.key, b.ids])).toEqual([
      ['p1', ['a']],
      ['p2', ['b']],
    ]);
    for (const batch of batches.slice()) batch.release();
    await settle();
    batches[2]!.release();
    expect(await Promise.all(results)).toEqual(['done a', 'done b', 'done c']);
  });

  it('runs up to maxConcurrentBatches batches of one key at once', async () => {
    const { batches, commit } = fakeExecutor();
    const group = createGroupCommit({ maxBatchSize: 10, maxConcurrentBatches: 2, commit });
    const results = [group.submit('pool', 'a')];
    await settle();
    results.push(group.submit('pool', 'b'), group.submit('pool', 'c'));
    await settle();
    results.push(group.submit('pool', 'd'));
    await settle();
    expect(batches.map((b) => b.ids)).toEqual([['a'], ['b', 'c']]);
    batches[0]!.release();
    await settle();
    expect(batches.map((b) => b.ids)).toEqual([['a'], ['b', 'c'], ['d']]);
    for (const batch of batches.slice(1)) batch.release();
    expect(await Promise.all(results)).toEqual(['done a', 'done b', 'done c', 'done d']);
  });

  it('rejects only the ids whose outcome is a rejection', async () => {
    const { batches, commit } = fakeExecutor((id) =>
      id === 'bad' ? { status: 'rejected', reason: new Error('bad item') } : { status: 'fulfilled', value: id },
    );
    const group = createGroupCommit({ maxBatchSize: 10, commit });
    const first = group.submit('pool', 'first');
    await settle();
    const rest = ['x', 'bad', 'y'].map((id) =>
      group.submit('pool', id).then(
        (v) => v,
        (e: Error) => e.message,
      ),
    );
    await settle();
    batches[0]!.release();
    await first;
    await settle();
    batches[1]!.release();
    expect(await Promise.all(rest)).toEqual(['x', 'bad item', 'y']);
  });

  it('rejects every id of a batch that fails as a whole, then runs each of them alone when it comes back', async () => {
    const { batches, commit } = fakeExecutor();
    const group = createGroupCommit({ maxBatchSize: 10, commit });
    const first = group.submit('pool', 'first');
    await settle();
    const failing = ['x', 'y'].map((id) =>
      group.submit('pool', id).then(
        (v) => v,
        (e: Error) => e.message,
      ),
    );
    await settle();
    batches[0]!.release();
    await first;
    await settle();
    batches[1]!.release(new Error('commit failed'));
    expect(await Promise.all(failing)).toEqual(['commit failed', 'commit failed']);

    // Their activities retry, with a newcomer arriving meanwhile.
    const blocker = group.submit('pool', 'blocker');
    await settle();
    const retried = ['x', 'new', 'y'].map((id) => group.submit('pool', id));
    batches[2]!.release();
    for (let i = 3; i < 6; i++) {
      await settle();
      batches[i]!.release();
    }
    await Promise.all([blocker, ...retried]);
    expect(batches.slice(3).map((b) => b.ids)).toEqual([['x'], ['new'], ['y']]);

    // Once committed, they batch with the others again.
    const again = group.submit('pool', 'z');
    await settle();
    const together = ['x', 'y'].map((id) => group.submit('pool', id));
    batches[6]!.release();
    await settle();
    batches[7]!.release();
    await Promise.all([again, ...together]);
    expect(batches[7]!.ids).toEqual(['x', 'y']);
  });

  it('never splits ids submitted together, whatever else waits, and answers each of their outcomes in order', async () => {
    const { batches, commit } = fakeExecutor((id) =>
      id === 'bad' ? { status: 'rejected', reason: new Error('bad item') } : { status: 'fulfilled', value: id },
    );
    const group = createGroupCommit({ maxBatchSize: 4, commit });
    const singles = ['a', 'b'].map((id) => group.submit('pool', id));
    const job = group.submitAll('pool', ['c', 'bad', 'e']);
    const oversized = group.submitAll('pool', ['f', 'g', 'h', 'i', 'j']);
    for (let i = 0; i < 3; i++) {
      await settle();
      batches[i]!.release();
    }
    expect(batches.map((b) => b.ids)).toEqual([
      ['a', 'b'],
      ['c', 'bad', 'e'],
      ['f', 'g', 'h', 'i', 'j'],
    ]);
    expect(await Promise.all(singles)).toEqual(['a', 'b']);
    expect(await job).toEqual([
      { status: 'fulfilled', value: 'c' },
      { status: 'rejected', reason: new Error('bad item') },
      { status: 'fulfilled', value: 'e' },
    ]);
    expect((await oversized).map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
  });

  it('rejects ids submitted together when their batch fails as a whole, and runs them alone, still together, when they come back', async () => {
    const { batches, commit } = fakeExecutor();
    const group = createGroupCommit({ maxBatchSize: 10, commit });
    const failing = group.submitAll('pool', ['x', 'y']);
    const other = group.submit('pool', 'other').then(
      (v) => v,
      (e: Error) => e.message,
    );
    await settle();
    batches[0]!.release(new Error('commit failed'));
    await expect(failing).rejects.toThrow('commit failed');
    expect(await other).toBe('commit failed');

    const retried = group.submitAll('pool', ['x', 'y']);
    const newcomer = group.submit('pool', 'new');
    await settle();
    batches[1]!.release();
    await settle();
    batches[2]!.release();
    await Promise.all([retried, newcomer]);
    expect(batches.slice(1).map((b) => b.ids)).toEqual([['x', 'y'], ['new']]);
  });
});
