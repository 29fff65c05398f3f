import type { RewardRules } from './reward-rules.js';
import type { Campaign } from '../db/schema.js';

/** Percent of the budget distributed, to two decimals. */
export function budgetUsedPercent(tokensDistributed: number, tokenBudget: number): number {
  return tokenBudget === 0 ? 0 : Math.round((tokensDistributed * 10_000) / tokenBudget) / 100;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

export function campaignView(campaign: Campaign) {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    status: campaign.status,
    environment: campaign.environment,
    startsAt: campaign.starts_at.toISOString(),
    endsAt: iso(campaign.ends_at),
    tokenBudget: campaign.token_budget,
    tokensDistributed: campaign.tokens_distributed,
    tokensRemaining: campaign.token_budget - campaign.tokens_distributed,
    budgetUsedPercent: budgetUsedPercent(campaign.tokens_distributed, campaign.token_budget),
    // Parsed with rewardRulesSchema before it was stored, and never changed since.
    rewardRules: campaign.reward_rules as RewardRules,
    activatedAt: iso(campaign.activated_at),
    pausedAt: iso(campaign.paused_at),
    completedAt: iso(campaign.completed_at),
    completionReason: campaign.completion_reason,
    budgetReachedAt: iso(campaign.budget_reached_at),
    createdAt: campaign.created_at.toISOString(),
    updatedAt: campaign.updated_at.toISOString(),
  };
}

export type CampaignView = ReturnType<typeof campaignView>;
