import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { selectPoolsWithBalance } from '../pools/token-pool-repository.js';
import { apiUsageQuery } from './api-usage-queries.js';
import type { Statement } from './dashboard-statement.js';
import { dayWindow } from './day-window.js';
import {
  endpointFactsQuery,
  failingDeliveriesQuery,
  keyFactsQuery,
  recentOutcomesQuery,
} from './integration-health-queries.js';
import { recentActivityQuery } from './recent-activity-query.js';
import { topEarnersQuery } from './top-earners-query.js';
import { trendsQuery } from './trends-query.js';
import { userCountQuery } from './user-count-query.js';

/** Every statement the dashboard runs, with typical parameters, for the plan test and `npm run bench:dashboard`. */
export function dashboardStatements(
  db: Kysely<Database>,
  scope: PartnerScope,
  now: Date,
): Record<string, Statement<unknown>> {
  const month = dayWindow(now, 30);
  return {
    'summary: pools': selectPoolsWithBalance(db, scope),
    'summary: users': userCountQuery(db, scope),
    'summary, trends?days=30': trendsQuery(db, scope, month),
    'trends?days=365': trendsQuery(db, scope, dayWindow(now, 365)),
    'top-earners?days=30&limit=10': topEarnersQuery(db, scope, month, 10),
    'top-earners?days=365&limit=10': topEarnersQuery(db, scope, dayWindow(now, 365), 10),
    'api-usage?days=30': apiUsageQuery(db, scope, month),
    'api-usage?days=1': apiUsageQuery(db, scope, dayWindow(now, 1)),
    'recent-activity?limit=20': recentActivityQuery(db, scope, 20),
    'integration-health: keys': keyFactsQuery(db, scope, now),
    'integration-health: endpoints': endpointFactsQuery(db, scope),
    'integration-health: deliveries': failingDeliveriesQuery(db, scope, now),
    'integration-health: action outcomes': recentOutcomesQuery(db, scope, now),
  };
}
