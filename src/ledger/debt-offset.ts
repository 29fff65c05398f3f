/** A user's outstanding debt to one pool (a positive number of tokens owed). */
export interface OutstandingDebt {
  poolId: string;
  owed: number;
}

export interface CreditPlan {
  toBalance: number;
  repayments: Array<{ poolId: string; amount: number }>;
}

/** Debt is repaid first from new earnings, oldest debt first; the rest reaches the balance. */
export function planCredit(tokens: number, debts: OutstandingDebt[]): CreditPlan {
  let remaining = tokens;
  const repayments: CreditPlan['repayments'] = [];
  for (const debt of debts) {
    if (remaining === 0) break;
    const amount = Math.min(remaining, debt.owed);
    if (amount > 0) {
      repayments.push({ poolId: debt.poolId, amount });
      remaining -= amount;
    }
  }
  return { toBalance: remaining, repayments };
}
