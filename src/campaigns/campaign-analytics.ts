import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { findCampaign } from './campaign-repository.js';
import { budgetUsedPercent } from './campaign-view.js';

/**
 * A campaign's performance from its actions (read through the campaign_id index): counts by
 * outcome, tokens, budget use and distinct rewarded users, and the same per UTC day that had actions.
 */
export function createCampaignAnalytics(db: Kysely<Database>) {
  return async function campaignAnalytics(scope: PartnerScope, campaignId: string) {
    const campaign = await findCampaign(db, scope, campaignId);
    if (!campaign) throw notFound('campaign');
    const actions = db
      .selectFrom('actions')
      .where('partner_id', '=', scope.partnerId)
      .where('environment', '=', scope.environment)
      .where('campaign_id', '=', campaignId);
    const [daily, users] = await Promise.all([
      actions
        .select([
          sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`.as('date'),
          sql<number>`count(*)`.as('actions'),
          sql<number>`count(*) filter (where status = 'COMPLETED')`.as('completed'),
          sql<number>`count(*) filter (where status = 'FAILED')`.as('failed'),
          sql<number>`coalesce(sum(tokens_distributed), 0)::bigint`.as('tokensDistributed'),
          sql<number>`coalesce(sum(tokens_reversed), 0)::bigint`.as('tokensReversed'),
        ])
        .groupBy(sql`1`)
        .orderBy(sql`1`)
        .execute(),
      actions
        .where('status', '=', 'COMPLETED')
        .select(sql<number>`count(distinct credit->>'partnerUserId')`.as('count'))
        .innerJoinLateral(sql`jsonb_array_elements(credits)`.as('credit'), (join) => join.onTrue())
        .executeTakeFirstOrThrow(),
    ]);
    const total = (key: 'actions' | 'completed' | 'failed' | 'tokensReversed') =>
      daily.reduce((sum, day) => sum + day[key], 0);
    return {
      campaignId,
      status: campaign.status,
      totalActions: total('actions'),
      completedActions: total('completed'),
      failedActions: total('failed'),
      processingActions: total('actions') - total('completed') - total('failed'),
      tokenBudget: campaign.token_budget,
      tokensDistributed: campaign.tokens_distributed,
      tokensRemaining: campaign.token_budget - campaign.tokens_distributed,
      tokensReversed: total('tokensReversed'),
      budgetUsedPercent: budgetUsedPercent(campaign.tokens_distributed, campaign.token_budget),
      uniqueUsers: users.count,
      daily,
    };
  };
}

export type CampaignAnalytics = ReturnType<typeof createCampaignAnalytics>;
