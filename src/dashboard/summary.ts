import type { tokenPoolView } from '../pools/token-pool-view.js';
import type { TrendDay } from './trends-query.js';

type PoolView = ReturnType<typeof tokenPoolView>;

/** The summary's 30-day and today figures are the trends series added up, so both always agree. */
export const summaryDays = 30;

function activity(days: TrendDay[]) {
  const total = (field: 'actions' | 'completed' | 'failed' | 'tokensDistributed') =>
    days.reduce((sum, day) => sum + day[field], 0);
  return {
    actions: total('actions'),
    completed: total('completed'),
    failed: total('failed'),
    tokensDistributed: total('tokensDistributed'),
  };
}

export function summarize(pools: PoolView[], trend: TrendDay[], totalUsers: number) {
  const lowBalance = pools.filter((pool) => pool.status === 'ACTIVE' && pool.isLowBalance);
  return {
    pools: {
      count: pools.length,
      active: pools.filter((pool) => pool.status === 'ACTIVE').length,
      totalBalance: pools.reduce((sum, pool) => sum + pool.balance, 0),
      lowBalance: lowBalance.length,
      lowBalancePoolIds: lowBalance.map((pool) => pool.id),
    },
    activity: { last30Days: activity(trend), today: activity(trend.slice(-1)) },
    users: { total: totalUsers, newLast30Days: trend.reduce((sum, day) => sum + day.newUsers, 0) },
  };
}
