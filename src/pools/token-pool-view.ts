import type { TokenPool } from '../db/schema.js';

export function tokenPoolView(pool: TokenPool & { balance: number }) {
  return {
    id: pool.id,
    name: pool.name,
    environment: pool.environment,
    status: pool.status,
    balance: pool.balance,
    lowBalanceThreshold: pool.low_balance_threshold,
    isLowBalance: pool.balance < pool.low_balance_threshold,
    createdAt: pool.created_at.toISOString(),
  };
}
