export interface PoolAlertState {
  balanceAfter: number;
  /** Tokens this change took from the pool; only a debit can deplete it. */
  debited: number;
  threshold: number;
  lowBalanceNotified: boolean;
}

export interface PoolAlerts {
  lowBalance: boolean;
  depleted: boolean;
  /** The flag to store: set when low_balance fires, cleared once the pool is back above threshold. */
  lowBalanceNotified: boolean;
}

/** token_pool.low_balance fires once per crossing below the threshold; depleted when it reaches zero. */
export function poolAlerts(state: PoolAlertState): PoolAlerts {
  const below = state.balanceAfter < state.threshold;
  const lowBalance = below && !state.lowBalanceNotified && state.balanceAfter > 0;
  const depleted = state.balanceAfter === 0 && state.debited > 0;
  return {
    lowBalance,
    depleted,
    lowBalanceNotified: below ? state.lowBalanceNotified || lowBalance || depleted : false,
  };
}
