import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { CampaignStatus, Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { decodeCursor, toPage } from '../pagination.js';
import { findCampaign, selectCampaigns } from './campaign-repository.js';
import { campaignView } from './campaign-view.js';

export function createCampaignQueries(db: Kysely<Database>) {
  return {
    async get(scope: PartnerScope, campaignId: string) {
      const campaign = await findCampaign(db, scope, campaignId);
      if (!campaign) throw notFound('campaign');
      return campaignView(campaign);
    },

    async list(scope: PartnerScope, status: CampaignStatus | undefined, limit: number, cursor?: string) {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = await selectCampaigns(db, scope)
        .$if(status !== undefined, (q) => q.where('status', '=', status!))
        .$if(after !== undefined, (q) => q.where(sql<boolean>`(created_at, id) < (${after!.createdAt}, ${after!.id})`))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
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
