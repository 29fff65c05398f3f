import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { selectPoolsWithBalance } from '../pools/token-pool-repository.js';
import { tokenPoolView } from '../pools/token-pool-view.js';
import { apiUsageQuery, type UsageRow } from './api-usage-queries.js';
import { rowsOf } from './dashboard-statement.js';
import { dayWindow, type DayWindow } from './day-window.js';
import { integrationHealth } from './health-verdicts.js';
import { integrationHealthFacts } from './integration-health-queries.js';
import { recentActivityQuery } from './recent-activity-query.js';
import { summarize, summaryDays } from './summary.js';
import { topEarnersQuery } from './top-earners-query.js';
import { trendsQuery } from './trends-query.js';
import { addUsage, usageFigures } from './usage-figures.js';
import { userCountQuery } from './user-count-query.js';

const period = (window: DayWindow) => ({ days: window.days, from: window.firstDay, to: window.lastDay });

/** The partner dashboard: every figure computed in SQL, scoped by partner and environment. */
export function createDashboardQueries(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    async summary(scope: PartnerScope) {
      const [pools, trend, [users]] = await Promise.all([
        selectPoolsWithBalance(db, scope).orderBy('p.created_at').execute(),
        rowsOf(db, trendsQuery(db, scope, dayWindow(now(), summaryDays))),
        userCountQuery(db, scope).execute(),
      ]);
      return { environment: scope.environment, ...summarize(pools.map(tokenPoolView), trend, users?.total ?? 0) };
    },

    async trends(scope: PartnerScope, days: number) {
      const window = dayWindow(now(), days);
      return { ...period(window), data: await rowsOf(db, trendsQuery(db, scope, window)) };
    },

    async topEarners(scope: PartnerScope, days: number, limit: number) {
      const window = dayWindow(now(), days);
      return { ...period(window), data: await rowsOf(db, topEarnersQuery(db, scope, window, limit)) };
    },

    async apiUsage(scope: PartnerScope, days: number) {
      const window = dayWindow(now(), days);
      const rows = await rowsOf(db, apiUsageQuery(db, scope, window));
      const grouped = (by: UsageRow['groupedBy']) => rows.filter((row) => row.groupedBy === by);
      const daily = grouped('day');
      return {
        ...period(window),
        totals: usageFigures(addUsage(daily)),
        daily: daily.map((day) => ({ date: day.date!, ...usageFigures(day) })),
        routes: grouped('route').map((route) => ({
          method: route.method!,
          route: route.route!,
          ...usageFigures(route),
        })),
        keys: grouped('key').map((key) => ({
          keyId: key.keyId!,
          name: key.name,
          publicKey: key.publicKey,
          ...usageFigures(key),
        })),
      };
    },

    async recentActivity(scope: PartnerScope, limit: number) {
      const rows = await rowsOf(db, recentActivityQuery(db, scope, limit));
      return { data: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) };
    },

    async integrationHealth(scope: PartnerScope) {
      const at = now();
      const facts = await integrationHealthFacts(db, scope, at);
      return { environment: scope.environment, checkedAt: at.toISOString(), ...integrationHealth(facts) };
    },
  };
}

export type DashboardQueries = ReturnType<typeof createDashboardQueries>;
