import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import type { NewCampaign } from './campaign-types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts the campaign as DRAFT unless its id exists; the API and the workflow both call it. */
export async function insertCampaign(db: Db, campaign: NewCampaign): Promise<void> {
  await db
    .insertInto('campaigns')
    .values({
      id: campaign.id,
      partner_id: campaign.partnerId,
      environment: campaign.environment,
      name: campaign.name,
      description: campaign.description,
      status: 'DRAFT',
      starts_at: campaign.startsAt,
      ends_at: campaign.endsAt,
      token_budget: campaign.tokenBudget,
      reward_rules: JSON.stringify(campaign.rewardRules),
      request_id: campaign.requestId,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export function selectCampaigns(db: Db, scope: PartnerScope) {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment);
}

export async function findCampaign(db: Db, scope: PartnerScope, campaignId: string) {
  return selectCampaigns(db, scope).where('id', '=', campaignId).executeTakeFirst();
}

/** Name and description are not part of the lifecycle: they change in any status. */
export async function updateCampaignDetails(
  db: Db,
  scope: PartnerScope,
  campaignId: string,
  details: { name?: string; description?: string | null },
) {
  await db
    .updateTable('campaigns')
    .set({ ...details, updated_at: sql`now()` })
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('id', '=', campaignId)
    .execute();
}
