import { pathOf } from '../http-transport.js';
import { allItems, type Page } from '../pagination.js';
import type {
  Campaign,
  CampaignAnalytics,
  CreateCampaignInput,
  ListCampaignsQuery,
  UpdateCampaignInput,
} from '../types/campaigns.js';
import type { ApiCalls } from './api-calls.js';

export function campaignsResource(calls: ApiCalls) {
  const list = (query: ListCampaignsQuery = {}) => calls.read<Page<Campaign>>('/v1/partner/campaigns', query);
  return {
    list,
    listAll: (query: ListCampaignsQuery = {}) => allItems(list, query),
    /** The ACTIVE campaign that started last; 404 NOT_FOUND when none is. */
    active: () => calls.read<Campaign>('/v1/partner/campaigns/active'),
    get: (campaignId: string) => calls.read<Campaign>(pathOf`/v1/partner/campaigns/${campaignId}`),
    /** Created DRAFT; it becomes ACTIVE at startsAt. */
    create: (input: CreateCampaignInput) => calls.write<Campaign>('POST', '/v1/partner/campaigns', input),
    update: (campaignId: string, input: UpdateCampaignInput) =>
      calls.write<Campaign>('PATCH', pathOf`/v1/partner/campaigns/${campaignId}`, input),
    analytics: (campaignId: string) =>
      calls.read<CampaignAnalytics>(pathOf`/v1/partner/campaigns/${campaignId}/analytics`),
  };
}
