import { describe, expect, it } from 'vitest';
import { decideRateSlot, slotSpacingUs, type RateState } from '../../src/webhooks/delivery/rate-slot.js';

const empty: RateState = { nextAtUs: null, queueUntilUs: null, leaseUntilUs: null };
const leaseUs = 10_000_000;

describe('the rate slot rule', () => {
  it('spaces grants by at least 1/rate, so no calendar second holds more than the rate', () => {
    for (const perSecond of [1, 3, 5, 7, 1000]) {
      let state = empty;
      const granted: number[] = [];
      // Askers every 7 ms for five seconds; each grant is released (sent) at once.
      for (let now = 1_000_003; now < 6_000_000; now += 7_000) {
        const decision = decideRateSlot(state, now, perSecond, true, leaseUs);
        state = decision.state;
        if (decision.granted) {
          granted.push(now);
          state = { ...state, leaseUntilUs: null };
        }
      }
      const perSecondCounts = new Map<number, number>();
      for (const at of granted)
        perSecondCounts.set(Math.floor(at / 1_000_000), (perSecondCounts.get(Math.floor(at / 1_000_000)) ?? 0) + 1);
      expect(Math.max(...perSecondCounts.values())).toBeLessThanOrEqual(perSecond);
      expect(granted.slice(1).every((at, i) => at - granted[i]! >= slotSpacingUs(perSecond))).toBe(true);
    }
  });

  it('refuses while the last granted request is still being written, whatever the clock says', () => {
    const first = decideRateSlot(empty, 0, 5, false, leaseUs);
    expect(first.granted).toBe(true);
    const during = decideRateSlot(first.state, 500_000, 5, true, leaseUs);
    expect(during).toMatchObject({ granted: false, waitUs: 20_000 });
    expect(decideRateSlot(first.state, leaseUs, 5, true, leaseUs).granted).toBe(true);
  });

  it('tells newcomers to come back one slot apart, and one that has waited to come back at the next free slot', () => {
    const first = decideRateSlot(empty, 0, 5, false, leaseUs);
    let state: RateState = { ...first.state, leaseUntilUs: null };
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const decision = decideRateSlot(state, 10_000, 5, false, leaseUs);
      if (decision.granted) throw new Error('granted inside the spacing');
      waits.push(decision.waitUs);
      state = decision.state;
    }
    expect(waits).toEqual([190_000, 390_000, 590_000]);
    expect(decideRateSlot(state, 150_000, 5, true, leaseUs)).toMatchObject({ granted: false, waitUs: 50_000 });
  });
});
