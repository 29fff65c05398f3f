import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { CampaignStatus, Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { toPage } from '../pagination.js';
import { findCampaign, selectCampaigns } from './campaign-repository.js';
import { campaignView } from './campaign-view.js';
import { newestFirstPage } from '../db/newest-first-page.js';

export function createCampaignQueries(db: Kysely<Database>) {
  return {
    async get(scope: PartnerScope, campaignId: string) {
      const campaign = await findCampaign(db, scope, campaignId);
      if (!campaign) throw notFound('campaign');
      return campaignView(campaign);
    },

    async list(scope: PartnerScope, status: CampaignStatus | undefined, limit: number, cursor?: string) {
      const rows = await selectCampaigns(db, scope)
        .$if(status !== undefined, (q) => q.where('status', '=', status!))
        .$call((q) => newestFirstPage(q, limit, cursor))
        .execute();
      return toPage(rows, limit, campaignView);
    },

    /** Several may run at once: the one that started last is the current one; the list shows them all. */
    async active(scope: PartnerScope) {
      const campaign = await selectCampaigns(db, scope)
        .where('status', '=', 'ACTIVE')
        .orderBy('starts_at', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!campaign) throw notFound('active campaign');
      return campaignView(campaign);
    },
  };
}

export type CampaignQueries = ReturnType<typeof createCampaignQueries>;
