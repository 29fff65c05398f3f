import { campaignAwaitingBudgetEnd } from '../src/campaigns/campaign-budget.js';
import { createPoolCommitQueue } from '../src/actions/pool-commit-queue.js';
import { createCampaignWorkflows } from '../src/temporal/campaign-workflows.js';
import type { ActivityDependencies } from './dependencies.js';

export function createApplyAction({ db, temporal }: ActivityDependencies) {
  const campaigns = createCampaignWorkflows(temporal);
  // One per worker: concurrent actions on one pool share its lock and commit (group commit).
  const queue = createPoolCommitQueue({ db });
  return async function applyActionActivity(input: { actionId: string }) {
    const result = await queue.apply(input.actionId);
    if (result.status === 'COMPLETED') {
      // After commit, and again on a retry: a failed signal fails the activity, whose retry sends it.
      const campaignId = await campaignAwaitingBudgetEnd(db, input.actionId);
      if (campaignId !== undefined) await campaigns.budgetReached(campaignId);
    }
    return result;
  };
}
