/** Runs one batch of ids in one transaction; answers one outcome per id, in order. A throw fails them all. */
export type CommitBatch<R> = (key: string, ids: string[]) => Promise<PromiseSettledResult<R>[]>;

export interface GroupCommitOptions<R> {
  maxBatchSize: number;
  /** How many batches of one key may run at once; 1 unless their transactions overlap usefully. */
  maxConcurrentBatches?: number;
  commit: CommitBatch<R>;
  /** How many ids of failed batches are remembered; the oldest are forgotten first. */
  maxSuspects?: number;
}

interface Waiting<R> {
  id: string;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Natural batching per key: the ids of a key submitted in one turn of the event loop commit
 * together at the end of that turn, and ids arriving while maxConcurrentBatches batches run wait
 * and go together in the next one, so batches grow with the load without any timer.
 * Ids of a batch that failed as a whole run alone when they come back (their activities retry),
 * so one poisonous id cannot keep failing the ids it happened to share a batch with.
 */
export function createGroupCommit<R>({ maxBatchSize, maxConcurrentBatches = 1, commit, maxSuspects = 4096 }: GroupCommitOptions<R>) {
  const waiting = new Map<string, Waiting<R>[]>();
  const running = new Map<string, number>();
  const suspects = new Set<string>();
  const scheduled = new Set<string>();

  /** A suspect at the head runs alone; otherwise the first non-suspects, in arrival order. */
  function takeBatch(queue: Waiting<R>[]): Waiting<R>[] {
    if (suspects.has(queue[0]!.id)) return queue.splice(0, 1);
    const batch: Waiting<R>[] = [];
    const rest: Waiting<R>[] = [];
    for (const item of queue) (batch.length < maxBatchSize && !suspects.has(item.id) ? batch : rest).push(item);
    queue.length = 0;
    for (const item of rest) queue.push(item);
    return batch;
  }

  function suspect(ids: string[]) {
    for (const id of ids) {
      suspects.delete(id);
      suspects.add(id);
    }
    for (const oldest of suspects) {
      if (suspects.size <= maxSuspects) break;
      suspects.delete(oldest);
    }
  }

  async function run(key: string, batch: Waiting<R>[]) {
    const ids = batch.map((item) => item.id);
    try {
      const outcomes = await commit(key, ids);
      batch.forEach((item, index) => {
        const outcome = outcomes[index] ?? { status: 'rejected', reason: new Error(`no outcome for ${item.id}`) };
        if (outcome.status === 'rejected') return item.reject(outcome.reason);
        suspects.delete(item.id);
        item.resolve(outcome.value);
      });
    } catch (error) {
      suspect(ids);
      for (const item of batch) item.reject(error);
    }
  }

  const busy = (key: string) => (running.get(key) ?? 0) >= maxConcurrentBatches;

  function drain(key: string) {
    const queue = waiting.get(key);
    if (busy(key) || scheduled.has(key) || !queue?.length) return;
    running.set(key, (running.get(key) ?? 0) + 1);
    void run(key, takeBatch(queue)).finally(() => {
      const left = running.get(key)! - 1;
      if (left === 0) running.delete(key);
      else running.set(key, left);
      if (queue.length === 0 && left === 0) waiting.delete(key);
      drain(key);
    });
  }

  return {
    submit(key: string, id: string): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        const queue = waiting.get(key) ?? [];
        waiting.set(key, queue);
        queue.push({ id, resolve, reject });
        if (busy(key) || scheduled.has(key)) return;
        scheduled.add(key);
        setImmediate(() => {
          scheduled.delete(key);
          drain(key);
        });
      });
    },
  };
}

export type GroupCommit<R> = ReturnType<typeof createGroupCommit<R>>;
