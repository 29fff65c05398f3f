import type { DashboardSummary } from '../types/dashboard.js';
import type { ApiCalls } from './api-calls.js';

export function dashboardResource(calls: ApiCalls) {
  return {
    /** Pools, the last 30 UTC days' and today's activity, and users. */
    summary: () => calls.read<DashboardSummary>('/v1/partner/dashboard/summary'),
  };
}
