// Pure: the rate limit's decision, apart from the database that keeps its state.

/** An endpoint's rate state, in microseconds since the epoch by the database's clock. */
export interface RateState {
  /** The earliest time the next request may start; null before the first. */
  nextAtUs: number | null;
  /** Where the queue of waiting deliveries ends: the next one told to wait comes back then. */
  queueUntilUs: number | null;
  /** Until when the request granted last may still be on its way out, unless it says it was sent. */
  leaseUntilUs: number | null;
}

export type RateDecision = { granted: true; state: RateState } | { granted: false; waitUs: number; state: RateState };

// A delivery that finds the previous request still on its way out asks again this soon.
const leaseRecheckUs = 20_000;

/** The least gap between two request starts: no calendar second can then hold more than `perSecond`. */
export function slotSpacingUs(perSecond: number): number {
  return Math.ceil(1_000_000 / perSecond);
}

/**
 * GCRA without burst: a request may start once the previous one was sent a full spacing ago (the
 * lease covers the time from its grant to its last byte, so a sender slowed down between the two
 * cannot bunch requests up). A delivery refused is told when to ask again: one that has just waited
 * asks at the next free slot, a newcomer at the end of the queue, so a backlog wakes about one per
 * slot rather than all at once.
 */
export function decideRateSlot(
  state: RateState,
  nowUs: number,
  perSecond: number,
  afterRateWait: boolean,
  leaseUs: number,
): RateDecision {
  const spacingUs = slotSpacingUs(perSecond);
  const leased = state.leaseUntilUs !== null && nowUs < state.leaseUntilUs;
  if (!leased && (state.nextAtUs === null || nowUs >= state.nextAtUs)) {
    return { granted: true, state: { ...state, nextAtUs: nowUs + spacingUs, leaseUntilUs: nowUs + leaseUs } };
  }
  const freeAtUs = Math.max(state.nextAtUs ?? nowUs, nowUs + (leased ? leaseRecheckUs : 0));
  if (afterRateWait) return { granted: false, waitUs: freeAtUs - nowUs, state };
  const comeBackUs = Math.max(freeAtUs, state.queueUntilUs ?? 0);
  return { granted: false, waitUs: comeBackUs - nowUs, state: { ...state, queueUntilUs: comeBackUs + spacingUs } };
}
