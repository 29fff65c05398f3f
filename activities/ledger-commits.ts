import type { ActionResult } from '../src/actions/action-types.js';
import { createPoolCommitQueue } from '../src/actions/pool-commit-queue.js';
import { campaignsAwaitingBudgetEnd } from '../src/campaigns/campaign-budget.js';
import type { ActivityDependencies } from './dependencies.js';

/**
 * What the reward activities of one worker share: the group commit per pool, so single submits
 * and bulk jobs on one pool share its lock and commits, and the budget signals sent after it.
 */
export function createLedgerCommits({ db, followUps }: ActivityDependencies) {
  const queue = createPoolCommitQueue({ db });

  // After commit, and again on a retry: a failed signal fails the activity, whose retry sends it.
  async function signalBudgetsReached(results: ActionResult[]) {
    const completed = results.filter((result) => result.status === 'COMPLETED').map((result) => result.actionId);
    for (const campaignId of await campaignsAwaitingBudgetEnd(db, completed)) await followUps.budgetReached(campaignId);
  }

  return {
    async apply(actionId: string): Promise<ActionResult> {
      const result = await queue.apply(actionId);
      await signalBudgetsReached([result]);
      return result;
    },

    async applyAll(actionIds: string[]): Promise<ActionResult[]> {
      const results = await queue.applyAll(actionIds);
      await signalBudgetsReached(results);
      return results;
    },
  };
}

export type LedgerCommits = ReturnType<typeof createLedgerCommits>;
