/** Runs one batch of ids in one transaction; answers one outcome per id, in order. A throw fails them all. */
export type CommitBatch<R> = (key: string, ids: string[]) => Promise<PromiseSettledResult<R>[]>;

export interface GroupCommitOptions<R> {
  maxBatchSize: number;
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
 * Natural batching per key: the first id of a key commits at once, and ids arriving while a batch
 * runs wait and go together in the next one, so batches grow with the load without any timer.
 * Ids of a batch that failed as a whole run alone when they come back (their activities retry),
 * so one poisonous id cannot keep failing the ids it happened to share a batch with.
 */
export function createGroupCommit<R>({ maxBatchSize, commit, maxSuspects = 4096 }: GroupCommitOptions<R>) {
  const waiting = new Map<string, Waiting<R>[]>();
  const running = new Set<string>();
  const suspects = new Set<string>();

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

  function drain(key: string) {
    const queue = waiting.get(key);
    if (running.has(key) || !queue?.length) return;
    running.add(key);
    void run(key, takeBatch(queue)).finally(() => {
      running.delete(key);
      if (queue.length === 0) waiting.delete(key);
      drain(key);
    });
  }

  return {
    submit(key: string, id: string): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        const queue = waiting.get(key) ?? [];
        waiting.set(key, queue);
        queue.push({ id, resolve, reject });
        drain(key);
      });
    },
  };
}

export type GroupCommit<R> = ReturnType<typeof createGroupCommit<R>>;
