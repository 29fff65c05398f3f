import type { CampaignStatus } from '../db/schema.js';

/** A campaign's budget as its locked row shows it, and as the draws planned so far leave it. */
export interface CampaignBudget {
  status: CampaignStatus;
  tokenBudget: number;
  tokensDistributed: number;
}

export interface BudgetRefusal {
  code: 'CAMPAIGN_NOT_ACTIVE' | 'CAMPAIGN_BUDGET_EXHAUSTED';
  message: string;
}

/**
 * Takes an action's tokens from its campaign's budget: only an ACTIVE campaign with enough left
 * pays. `reached` is true for the one draw that uses the last token.
 */
export function drawBudget(
  campaignId: string,
  budget: CampaignBudget | undefined,
  tokens: number,
): { refusal: BudgetRefusal } | { budget: CampaignBudget; reached: boolean } {
  if (budget?.status !== 'ACTIVE')
    return { refusal: { code: 'CAMPAIGN_NOT_ACTIVE', message: `campaign ${campaignId} is not active` } };
  const left = budget.tokenBudget - budget.tokensDistributed;
  if (tokens > left) {
    return {
      refusal: {
        code: 'CAMPAIGN_BUDGET_EXHAUSTED',
        message: `campaign ${campaignId} has ${left} of its ${budget.tokenBudget} budget tokens left; this action needs ${tokens}`,
      },
    };
  }
  return {
    budget: { ...budget, tokensDistributed: budget.tokensDistributed + tokens },
    reached: tokens > 0 && tokens === left,
  };
}
