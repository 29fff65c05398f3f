import type { Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { rewardRulesSchema, type RewardRules } from './reward-rules.js';

/** An ACTIVE campaign's rules; any other status, or a campaign of another partner or environment, refuses alike. */
export async function campaignRewardRules(
  trx: Transaction<Database>,
  scope: PartnerScope,
  campaignId: string,
): Promise<{ rules: RewardRules } | { refusal: string }> {
  const campaign = await trx
    .selectFrom('campaigns')
    .select(['status', 'reward_rules'])
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (campaign?.status !== 'ACTIVE') return { refusal: `campaign ${campaignId} is not active` };
  return { rules: rewardRulesSchema.parse(campaign.reward_rules) };
}
