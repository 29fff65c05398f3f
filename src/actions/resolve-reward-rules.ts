import type { Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import { campaignRewardRules } from '../campaigns/campaign-reward-rules.js';
import type { Database } from '../db/schema.js';
import { defaultRewardRules, rewardRulesSchema, type RewardRules } from '../campaigns/reward-rules.js';

/**
 * The rules an action is rewarded by: its campaign's when it names one (an ACTIVE campaign only),
 * else the partner's own, else the documented defaults.
 */
export async function resolveRewardRules(
  trx: Transaction<Database>,
  scope: PartnerScope,
  campaignId: string | undefined,
): Promise<{ rules: RewardRules } | { refusal: string }> {
  if (campaignId !== undefined) return campaignRewardRules(trx, scope, campaignId);
  const partner = await trx
    .selectFrom('partners')
    .select('reward_rules')
    .where('id', '=', scope.partnerId)
    .executeTakeFirstOrThrow();
  return { rules: partner.reward_rules ? rewardRulesSchema.parse(partner.reward_rules) : defaultRewardRules };
}
