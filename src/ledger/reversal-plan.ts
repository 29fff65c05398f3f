/** What one stakeholder was credited by an action and how much of it was already reversed. */
export interface CreditedShare {
  partnerUserId: string;
  credited: number;
  alreadyReversed: number;
  currentBalance: number;
}

export interface ShareReversal {
  partnerUserId: string;
  tokens: number;
  returned: number;
  debt: number;
}

/**
 * Reverses each share up to the cumulative percentage (computed from the original credit, so
 * partial reversals never drift by rounding); tokens come back up to what the user still holds
 * and the rest becomes debt.
 */
export function planReversal(shares: CreditedShare[], cumulativePercentage: number): ShareReversal[] {
  return shares.map((share) => {
    const target = Math.floor((share.credited * Math.round(cumulativePercentage * 100)) / 10_000);
    const tokens = Math.max(0, target - share.alreadyReversed);
    const returned = Math.min(tokens, share.currentBalance);
    return { partnerUserId: share.partnerUserId, tokens, returned, debt: tokens - returned };
  });
}
