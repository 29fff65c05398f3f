import type { SettlementListener } from './settlements.js';

/**
 * The first answer of two: the id's settlement as the ledger commits it, or what the workflow
 * gives (its result within the wait, or null). The wait is asked for before `workflowAnswer`
 * starts the workflow, so the commit cannot come first; without a listener, the workflow's alone.
 */
export async function answerFromCommit<T>(
  settlements: SettlementListener | undefined,
  id: string,
  workflowAnswer: () => Promise<T | null>,
): Promise<T | null> {
  const settlement = settlements?.waitFor<T>(id);
  try {
    const fromWorkflow = workflowAnswer();
    return await (settlement ? Promise.race([settlement.result, fromWorkflow]) : fromWorkflow);
  } finally {
    settlement?.cancel();
  }
}

/** A workflow run as a submit's start hands it back. */
export interface StartedRun<T> {
  /** This call started the run; false when it found one already going under its id. */
  anew: boolean;
  /** The run's result if it comes within the wait, else null. */
  resultWithin(waitMs: number): Promise<T | null>;
}

/**
 * Like answerFromCommit, without asking Temporal for a result the commit gives: when the run was
 * started anew after the wait began and the listener keeps listening, the commit's notice cannot
 * be missed, so it alone answers within the wait. A result poll costs a long-poll in the client
 * and the server for every reward; it is asked for only when the notice may be missed (a run
 * found already going may have committed before the wait began; a listener down or dropped).
 */
export async function answerStartedFromCommit<T>(
  settlements: SettlementListener | undefined,
  id: string,
  start: () => Promise<StartedRun<T>>,
  waitMs: number,
): Promise<T | null> {
  const settlement = settlements?.waitFor<T>(id);
  try {
    const run = await start();
    if (!settlement) return await run.resultWithin(waitMs);
    if (!run.anew) return await Promise.race([settlement.result, run.resultWithin(waitMs)]);
    return await committedWithin(settlement.result, settlement.unheard, waitMs, run.resultWithin);
  } finally {
    settlement?.cancel();
  }
}

/**
 * The commit's answer within the wait. The workflow's result is asked for only once the listener
 * may miss the commit's notice (`unheard`), for what is left of the wait.
 */
export async function committedWithin<T>(
  committed: Promise<T>,
  unheard: Promise<void>,
  waitMs: number,
  resultWithin: (waitMs: number) => Promise<T | null>,
): Promise<T | null> {
  const deadline = Date.now() + waitMs;
  let timer: NodeJS.Timeout | undefined;
  const waitOver = new Promise<null>((resolve) => (timer = setTimeout(resolve, waitMs, null)));
  const fromWorkflow = unheard.then(() => resultWithin(Math.max(0, deadline - Date.now())));
  try {
    return await Promise.race([committed, fromWorkflow, waitOver]);
  } finally {
    clearTimeout(timer);
  }
}
