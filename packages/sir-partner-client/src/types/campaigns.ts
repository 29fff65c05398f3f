import type { PageQuery } from '../pagination.js';
import type { Environment } from './common.js';

export type CampaignStatus = 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'COMPLETED';

export interface ActionRule {
  fixedTokens: number;
  tokensPerCurrencyUnit: number;
  maxTokens?: number;
}

export interface RewardRules {
  default: ActionRule;
  actionTypes: Record<string, ActionRule>;
  stakeholderWeights: Record<string, number>;
  defaultWeight: number;
}

/** What the API fills in when left out: rule parts 0, no per-type rules, weights 1. */
export interface RewardRulesInput {
  default: Partial<ActionRule>;
  actionTypes?: Record<string, Partial<ActionRule>>;
  stakeholderWeights?: Record<string, number>;
  defaultWeight?: number;
}

export interface Campaign {
  id: string;
  name: string;
  description: string | null;
  status: CampaignStatus;
  environment: Environment;
  startsAt: string;
  endsAt: string | null;
  tokenBudget: number;
  tokensDistributed: number;
  tokensRemaining: number;
  budgetUsedPercent: number;
  rewardRules: RewardRules;
  activatedAt: string | null;
  pausedAt: string | null;
  completedAt: string | null;
  completionReason: 'SCHEDULE' | 'BUDGET_REACHED' | 'PARTNER' | null;
  budgetReachedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateCampaignInput {
  name: string;
  description?: string;
  /** ISO 8601; a time already past activates the campaign at once. */
  startsAt: string;
  endsAt?: string;
  tokenBudget: number;
  rewardRules: RewardRulesInput;
}

export interface UpdateCampaignInput {
  name?: string;
  description?: string | null;
  /** PAUSED pauses, ACTIVE resumes, COMPLETED ends now. */
  status?: 'ACTIVE' | 'PAUSED' | 'COMPLETED';
  startsAt?: string;
  endsAt?: string | null;
  /** Can only be raised. */
  tokenBudget?: number;
}

export interface ListCampaignsQuery extends PageQuery {
  status?: CampaignStatus;
}

export interface CampaignAnalytics {
  campaignId: string;
  status: CampaignStatus;
  totalActions: number;
  completedActions: number;
  failedActions: number;
  processingActions: number;
  tokenBudget: number;
  tokensDistributed: number;
  tokensRemaining: number;
  tokensReversed: number;
  budgetUsedPercent: number;
  uniqueUsers: number;
  /** Days with at least one action, oldest first. */
  daily: {
    date: string;
    actions: number;
    completed: number;
    failed: number;
    tokensDistributed: number;
    tokensReversed: number;
  }[];
}
