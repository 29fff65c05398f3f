import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CampaignAnalytics } from '../../campaigns/campaign-analytics.js';
import type { CampaignQueries } from '../../campaigns/campaign-queries.js';
import type { CampaignService } from '../../campaigns/campaign-service.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, pageOf } from '../schemas/common.js';
import {
  campaignAnalyticsSchema,
  campaignIdParams,
  campaignSchema,
  createCampaignBody,
  listCampaignsQuery,
  updateCampaignBody,
} from '../schemas/campaign-schemas.js';

export interface CampaignRouteDeps {
  campaigns: CampaignService;
  campaignQueries: CampaignQueries;
  campaignAnalytics: CampaignAnalytics;
}

const tags = ['Campaigns'];

export const campaignRoutes: FastifyPluginAsyncZod<CampaignRouteDeps> = async (
  app,
  { campaigns, campaignQueries, campaignAnalytics },
) => {
  app.get('/v1/partner/campaigns', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'List campaigns',
      querystring: listCampaignsQuery,
      response: { 200: pageOf(campaignSchema), ...errorResponses },
    },
    handler: async (request) =>
      campaignQueries.list(partnerOf(request), request.query.status, request.query.limit, request.query.cursor),
  });

  app.get('/v1/partner/campaigns/active', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get the active campaign',
      description:
        'The ACTIVE campaign; when several are active, the one that started last (list them all with ?status=ACTIVE). 404 when none is.',
      response: { 200: campaignSchema, ...errorResponses },
    },
    handler: async (request) => campaignQueries.active(partnerOf(request)),
  });

  app.get('/v1/partner/campaigns/:id', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get campaign details',
      params: campaignIdParams,
      response: { 200: campaignSchema, ...errorResponses },
    },
    handler: async (request) => campaignQueries.get(partnerOf(request), request.params.id),
  });

  for (const [url, routeTags] of [
    ['/v1/partner/campaigns/:id/analytics', tags],
    ['/v1/partner/dashboard/campaigns/:id/analytics', ['Dashboard']],
  ] as const) {
    app.get(url, {
      config: { auth: 'hmac' },
      schema: {
        tags: [...routeTags],
        summary: 'Campaign performance',
        params: campaignIdParams,
        response: { 200: campaignAnalyticsSchema, ...errorResponses },
      },
      handler: async (request) => campaignAnalytics(partnerOf(request), request.params.id),
    });
  }

  app.post('/v1/partner/campaigns', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Create a campaign',
      description:
        'Created DRAFT; it becomes ACTIVE at startsAt and COMPLETED at endsAt or when its budget is used up.',
      body: createCampaignBody,
      response: { 201: campaignSchema, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await campaigns.create(partnerOf(request), request.body, request.id)),
  });

  app.patch('/v1/partner/campaigns/:id', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Update a campaign',
      description:
        'Rename, pause, resume, end, reschedule or raise the budget. A status change the lifecycle does not allow answers 409 CAMPAIGN_TRANSITION_NOT_ALLOWED; an invalid schedule or budget 422 INVALID_CAMPAIGN_CHANGE.',
      params: campaignIdParams,
      body: updateCampaignBody,
      response: { 200: campaignSchema, ...errorResponses },
    },
    handler: async (request) => campaigns.update(partnerOf(request), request.params.id, request.body),
  });
};
