import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CampaignAnalytics } from '../../campaigns/campaign-analytics.js';
import type { CampaignQueries } from '../../campaigns/campaign-queries.js';
import type { DashboardQueries } from '../../dashboard/dashboard-queries.js';
import type { CsrfTokens } from '../../portal/session-cookie.js';
import { renderCampaignPage } from '../../portal/web/campaign-page.js';
import { dashboardWindows, renderDashboardPage, renderNoPartnerPage } from '../../portal/web/dashboard-page.js';
import { portalPageHeaders } from '../../portal/web/page-shell.js';
import { pageContextOf, portalScopeOf, requirePortalScope } from '../plugins/portal-session.js';
import { environmentParams, hidden, portalRoute, withIdParams } from './portal-params.js';

export interface PortalDashboardDeps {
  dashboard: DashboardQueries;
  campaignQueries: CampaignQueries;
  campaignAnalytics: CampaignAnalytics;
  csrf: CsrfTokens;
}

const windowQuery = z.object({
  days: z.coerce
    .number()
    .pipe(z.union(dashboardWindows.map((days) => z.literal(days))))
    .default(30),
});
const topEarnersShown = 10;
const campaignsShown = 20;

export const portalDashboardPages: FastifyPluginAsyncZod<PortalDashboardDeps> = async (
  app,
  { dashboard, campaignQueries, campaignAnalytics, csrf },
) => {
  app.get('/portal/:environment/dashboard', {
    config: portalRoute,
    schema: { ...hidden, params: environmentParams, querystring: windowQuery },
    handler: async (request, reply) => {
      const { environment } = request.params;
      const context = pageContextOf(request, csrf, environment);
      const scope = portalScopeOf(request, environment);
      if (!scope) return reply.headers(portalPageHeaders).send(renderNoPartnerPage(context));
      const { days } = request.query;
      const [summary, trends, topEarners, apiUsage, health, campaigns] = await Promise.all([
        dashboard.summary(scope),
        dashboard.trends(scope, days),
        dashboard.topEarners(scope, days, topEarnersShown),
        dashboard.apiUsage(scope, days),
        dashboard.integrationHealth(scope),
        campaignQueries.list(scope, undefined, campaignsShown),
      ]);
      const page = renderDashboardPage(context, {
        days,
        summary,
        trends,
        topEarners,
        apiUsage,
        health,
        campaigns: campaigns.data,
      });
      return reply.headers(portalPageHeaders).send(page);
    },
  });

  app.get('/portal/:environment/campaigns/:id', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      const scope = requirePortalScope(request, environment);
      const [campaign, analytics] = await Promise.all([campaignQueries.get(scope, id), campaignAnalytics(scope, id)]);
      return reply
        .headers(portalPageHeaders)
        .send(renderCampaignPage(pageContextOf(request, csrf, environment), campaign, analytics));
    },
  });
};
