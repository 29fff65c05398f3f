const ignore = () => {};

/**
 * Shares one run of `work` (which handles whatever is pending) among concurrent callers: each
 * call resolves with a run that started after the call, at most one run goes at a time, and every
 * call made while one goes shares the next. A failed run rejects the calls it served.
 */
export function coalescedRun(work: () => Promise<void>): () => Promise<void> {
  let current: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const started = work().finally(() => {
      if (current === started) current = undefined;
    });
    current = started;
    return started;
  };
  return () => {
    if (!current) return start();
    next ??= current.then(ignore, ignore).then(() => {
      next = undefined;
      return start();
    });
    return next;
  };
}
