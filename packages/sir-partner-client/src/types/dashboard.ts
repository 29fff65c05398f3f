import type { Environment } from './common.js';

export interface ActivityFigures {
  actions: number;
  completed: number;
  failed: number;
  tokensDistributed: number;
}

export interface DashboardSummary {
  environment: Environment;
  pools: { count: number; active: number; totalBalance: number; lowBalance: number; lowBalancePoolIds: string[] };
  activity: { last30Days: ActivityFigures; today: ActivityFigures };
  users: { total: number; newLast30Days: number };
}
