// Pure: the rate limit's decision, apart from the database that keeps its state.

/** An endpoint's rate state, in microseconds since the epoch by the database's clock. */
export interface RateState {
  /** The earliest time the next request may start; null before the first. */
  nextAtUs: number | null;
  /** Where the queue of waiting deliveries ends: the next one told to wait comes back then. */
  queueUntilUs: number | null;
}

export type RateDecision = { granted: true; state: RateState } | { granted: false; waitUs: number; state: RateState };

/** The least gap between two request starts: no calendar second can then hold more than `perSecond`. */
export function slotSpacingUs(perSecond: number): number {
  return Math.ceil(1_000_000 / perSecond);
}

/**
 * GCRA without burst: a request may start once the previous one started a full spacing ago. A
 * delivery refused is told when to ask again: one that has just waited asks at the next free
 * slot, a newcomer at the end of the queue, so a backlog wakes about one per slot rather than all
 * at once.
 */
export function decideRateSlot(state: RateState, nowUs: number, perSecond: number, afterRateWait: boolean): RateDecision {
  const spacingUs = slotSpacingUs(perSecond);
  if (state.nextAtUs === null || nowUs >= state.nextAtUs) {
    return { granted: true, state: { ...state, nextAtUs: nowUs + spacingUs } };
  }
  if (afterRateWait) return { granted: false, waitUs: state.nextAtUs - nowUs, state };
  const comeBackUs = Math.max(state.nextAtUs, state.queueUntilUs ?? 0);
  return { granted: false, waitUs: comeBackUs - nowUs, state: { ...state, queueUntilUs: comeBackUs + spacingUs } };
}
