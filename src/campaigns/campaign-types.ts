import type { RewardRules } from './reward-rules.js';
import type { CampaignCompletionReason, CampaignStatus, Environment } from '../db/schema.js';

// Types only: the campaignLifecycle workflow imports this module.

export type { CampaignCompletionReason, CampaignStatus };

/** A campaign as created: the workflow's input, and the row both the API and the workflow insert. */
export interface NewCampaign {
  id: string;
  partnerId: string;
  environment: Environment;
  name: string;
  description: string | null;
  startsAt: string;
  endsAt: string | null;
  tokenBudget: number;
  rewardRules: RewardRules;
  requestId: string | null;
}

/** What the lifecycle workflow decides on; the campaign row follows it one step at a time. */
export interface LifecycleState {
  status: CampaignStatus;
  startsAt: string;
  endsAt: string | null;
  tokenBudget: number;
  /** Steps applied so far; the row's lifecycle_version. */
  version: number;
}

/** What a PATCH asks of the lifecycle; name and description ride along into the same transaction. */
export interface CampaignChange {
  /** PAUSED pauses, ACTIVE resumes, COMPLETED ends the campaign now. */
  status?: 'ACTIVE' | 'PAUSED' | 'COMPLETED';
  startsAt?: string;
  /** null: the campaign runs until its budget is used or it is ended. */
  endsAt?: string | null;
  tokenBudget?: number;
  name?: string;
  description?: string | null;
}

export type LifecycleCommand =
  | { kind: 'change'; change: CampaignChange }
  | { kind: 'start' }
  | { kind: 'end'; reason: Exclude<CampaignCompletionReason, 'PARTNER'> };

export interface CampaignRefusal {
  code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED' | 'INVALID_CAMPAIGN_CHANGE';
  message: string;
}

export type StepOutcome =
  | { next: LifecycleState; completionReason?: CampaignCompletionReason }
  | { refusal: CampaignRefusal };

/** One lifecycle step for the campaign row, written with its event in one transaction. */
export interface CampaignStepInput {
  campaignId: string;
  /** This step's number: the row must be at version - 1, or already at it when the step is retried. */
  version: number;
  next: LifecycleState;
  completionReason?: CampaignCompletionReason;
  details?: { name?: string; description?: string | null };
  /** Workflow time of the step, recorded as when the campaign was activated, paused or completed. */
  at: string;
  /** Apply only while the budget is still used up: a raise may have come between the signal and now. */
  onlyIfBudgetReached?: boolean;
}

/** How the API and activities drive a campaign's lifecycle; the Temporal client implements it over campaignLifecycle. */
export interface CampaignLifecycles {
  start(campaign: NewCampaign): Promise<void>;
  /** Applies a change through the workflow's update; a refusal comes back as an ApiError at once. */
  change(campaignId: string, change: CampaignChange): Promise<LifecycleState>;
  /** Tells a lifecycle its budget is used up; one that has already finished needs nothing. */
  budgetReached(campaignId: string): Promise<void>;
}
