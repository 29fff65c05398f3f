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

/** Ids that must commit in one batch, in their order: one submit's id, or a whole bulk job's. */
interface Unit<R> {
  ids: string[];
  settle: (outcomes: PromiseSettledResult<R>[]) => void;
  fail: (error: unknown) => void;
}

/**
 * Natural batching per key: the ids of a key submitted in one turn of the event loop commit
 * together at the end of that turn, and ids arriving while maxConcurrentBatches batches run wait
 * and go together in the next one, so batches grow with the load without any timer.
 * Ids submitted together (submitAll) are never split across batches: they are decided in their
 * order against one view of the pool, so when it runs short their later ids are the ones refused.
 * Ids of a batch that failed as a whole run alone when they come back (their activities retry),
 * so one poisonous id cannot keep failing the ids it happened to share a batch with.
 */
export function createGroupCommit<R>({
  maxBatchSize,
  maxConcurrentBatches = 1,
  commit,
  maxSuspects = 4096,
}: GroupCommitOptions<R>) {
  const waiting = new Map<string, Unit<R>[]>();
  const running = new Map<string, number>();
  const suspects = new Set<string>();
  const scheduled = new Set<string>();
  const suspected = (unit: Unit<R>) => unit.ids.some((id) => suspects.has(id));

  /** A suspect unit at the head runs alone; otherwise the first non-suspect units that fit, in arrival order. */
  function takeBatch(queue: Unit<R>[]): Unit<R>[] {
    if (suspected(queue[0]!)) return queue.splice(0, 1);
    const batch: Unit<R>[] = [];
    const rest: Unit<R>[] = [];
    let size = 0;
    for (const unit of queue) {
      // A unit larger than a batch still runs, alone: splitting it would break its order.
      const fits = batch.length === 0 || size + unit.ids.length <= maxBatchSize;
      if (fits && !suspected(unit)) {
        batch.push(unit);
        size += unit.ids.length;
      } else rest.push(unit);
    }
    queue.length = 0;
    for (const unit of rest) queue.push(unit);
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

  async function run(key: string, batch: Unit<R>[]) {
    const ids = batch.flatMap((unit) => unit.ids);
    try {
      const outcomes = await commit(key, ids);
      let offset = 0;
      for (const unit of batch) {
        const own = unit.ids.map(
          (id, index): PromiseSettledResult<R> =>
            outcomes[offset + index] ?? { status: 'rejected', reason: new Error(`no outcome for ${id}`) },
        );
        offset += unit.ids.length;
        unit.ids.forEach((id, index) => own[index]!.status === 'fulfilled' && suspects.delete(id));
        unit.settle(own);
      }
    } catch (error) {
      suspect(ids);
      for (const unit of batch) unit.fail(error);
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

  function enqueue(key: string, unit: Unit<R>) {
    const queue = waiting.get(key) ?? [];
    waiting.set(key, queue);
    queue.push(unit);
    if (busy(key) || scheduled.has(key)) return;
    scheduled.add(key);
    setImmediate(() => {
      scheduled.delete(key);
      drain(key);
    });
  }

  return {
    submit(key: string, id: string): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        enqueue(key, {
          ids: [id],
          settle: ([outcome]) => (outcome!.status === 'fulfilled' ? resolve(outcome!.value) : reject(outcome!.reason)),
          fail: reject,
        });
      });
    },

    /** Commits the ids in one batch, in their order; one outcome per id. Rejects only if the batch failed as a whole. */
    submitAll(key: string, ids: string[]): Promise<PromiseSettledResult<R>[]> {
      return new Promise((resolve, reject) => enqueue(key, { ids, settle: resolve, fail: reject }));
    },
  };
}

export type GroupCommit<R> = ReturnType<typeof createGroupCommit<R>>;
