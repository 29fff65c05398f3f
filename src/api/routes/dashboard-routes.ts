import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DashboardQueries } from '../../dashboard/dashboard-queries.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses } from '../schemas/common.js';
import {
  apiUsageSchema,
  dashboardSummarySchema,
  dashboardTrendsSchema,
  daysQuery,
  recentActivityQuery,
  recentActivitySchema,
  topEarnersQuery,
  topEarnersSchema,
} from '../schemas/dashboard-schemas.js';
import { integrationHealthSchema } from '../schemas/integration-health-schemas.js';

const tags = ['Dashboard'];
const config = { auth: 'hmac' as const };

export const dashboardRoutes: FastifyPluginAsyncZod<{ dashboard: DashboardQueries }> = async (app, { dashboard }) => {
  app.get('/v1/partner/dashboard/summary', {
    config,
    schema: {
      tags,
      summary: 'Pool, activity and user summary',
      description: 'Activity covers the last 30 UTC days including today (the sum of trends?days=30) and today alone.',
      response: { 200: dashboardSummarySchema, ...errorResponses },
    },
    handler: async (request) => dashboard.summary(partnerOf(request)),
  });

  app.get('/v1/partner/dashboard/trends', {
    config,
    schema: {
      tags,
      summary: 'Daily activity trends, one row per UTC day, zeros included',
      querystring: daysQuery,
      response: { 200: dashboardTrendsSchema, ...errorResponses },
    },
    handler: async (request) => dashboard.trends(partnerOf(request), request.query.days),
  });

  app.get('/v1/partner/dashboard/top-earners', {
    config,
    schema: {
      tags,
      summary: 'Users who earned the most tokens in the window',
      querystring: topEarnersQuery,
      response: { 200: topEarnersSchema, ...errorResponses },
    },
    handler: async (request) => dashboard.topEarners(partnerOf(request), request.query.days, request.query.limit),
  });

  app.get('/v1/partner/dashboard/api-usage', {
    config,
    schema: {
      tags,
      summary: 'API requests, errors, 429s and latency per day, route and key',
      description:
        'Counted for every request a partner key authenticated. Figures reach this report within a few seconds.',
      querystring: daysQuery,
      response: { 200: apiUsageSchema, ...errorResponses },
    },
    handler: async (request) => dashboard.apiUsage(partnerOf(request), request.query.days),
  });

  app.get('/v1/partner/dashboard/recent-activity', {
    config,
    schema: {
      tags,
      summary: 'Latest actions and reversals, newest first',
      querystring: recentActivityQuery,
      response: { 200: recentActivitySchema, ...errorResponses },
    },
    handler: async (request) => dashboard.recentActivity(partnerOf(request), request.query.limit),
  });

  app.get('/v1/partner/dashboard/integration-health', {
    config,
    schema: {
      tags,
      summary: 'Integration health: keys, pool, webhooks and recent failures, each with a verdict',
      description:
        'Each area answers ok, warning or error with a one-line message; status is the worst of them. Run it before a batch.',
      response: { 200: integrationHealthSchema, ...errorResponses },
    },
    handler: async (request) => dashboard.integrationHealth(partnerOf(request)),
  });
};
