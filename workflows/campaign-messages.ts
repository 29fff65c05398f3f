import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CampaignChange, LifecycleState } from '../src/campaigns/campaign-types.js';

// Defined once, imported by the campaignLifecycle workflow and by every caller.

/**
 * A PATCH of schedule, status or budget. The validator checks it against the state the campaign
 * will have once the changes accepted before it apply, so a refusal reaches the caller at once and
 * leaves no trace in the history; the result is the state after the change was written.
 */
export const changeCampaignUpdate = defineUpdate<LifecycleState, [CampaignChange]>('changeCampaign');

/** An action used the last of the budget; the workflow completes the campaign unless the budget was raised meanwhile. */
export const budgetReachedSignal = defineSignal('budgetReached');

export const lifecycleStateQuery = defineQuery<LifecycleState>('lifecycleState');
