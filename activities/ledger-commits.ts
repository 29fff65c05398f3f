import type { ActionResult } from '../src/actions/action-types.js';
import type { PartnerScope } from '../src/partner-scope.js';
import { createGroupCommit } from '../src/actions/group-commit.js';
import { createPoolCommitQueue } from '../src/actions/pool-commit-queue.js';
import { campaignsAwaitingBudgetEnd } from '../src/campaigns/campaign-budget.js';
import type { DeliveryControl } from '../src/webhooks/delivery-control.js';
import type { ActivityDependencies } from './dependencies.js';
import { dispatchAfterCommit } from './dispatch-after-commit.js';

export interface LedgerCommitsDeps extends ActivityDependencies {
  /** The worker's delivery engine, shared with the other activities, so their dispatch passes coalesce. */
  deliveries: DeliveryControl;
}

/**
 * What the reward activities of one worker share: the group commit per pool, so single submits
 * and bulk jobs on one pool share its lock and commits, the budget check after it, and the
 * dispatch pass that hands the committed events to webhook delivery.
 */
export function createLedgerCommits({ db, followUps, deliveries }: LedgerCommitsDeps) {
  const queue = createPoolCommitQueue({ db });

  // After commit, and again on a retry: a failed signal fails the activities it served, whose
  // retries send it. The actions that finish in one turn of the event loop (a commit batch) are
  // checked with one query, as the group commit batches their lookups.
  const budgetChecks = createGroupCommit<void>({
    maxBatchSize: 1000,
    commit: async (_all, actionIds): Promise<PromiseSettledResult<void>[]> => {
      for (const campaignId of await campaignsAwaitingBudgetEnd(db, actionIds))
        await followUps.budgetReached(campaignId);
      return actionIds.map(() => ({ status: 'fulfilled', value: undefined }));
    },
  });

  async function signalBudgetsReached(results: ActionResult[]) {
    const completed = results.filter((result) => result.status === 'COMPLETED').map((result) => result.actionId);
    await Promise.all(completed.map((actionId) => budgetChecks.submit('actions', actionId)));
  }

  return {
    /** One reward: its commit, the budget signals, then a dispatch pass for the events it wrote. */
    async apply(actionId: string): Promise<ActionResult> {
      const result = await queue.apply(actionId);
      await signalBudgetsReached([result]);
      await dispatchAfterCommit(deliveries.dispatchPending);
      return result;
    },

    async applyAll(actionIds: string[]): Promise<ActionResult[]> {
      const results = await queue.applyAll(actionIds);
      await signalBudgetsReached(results);
      return results;
    },

    /** applyAll for actions registered under a scope the caller knows: a bulk job's. */
    async applyAllIn(scope: PartnerScope, actionIds: string[]): Promise<ActionResult[]> {
      const results = await queue.applyAllIn(scope, actionIds);
      await signalBudgetsReached(results);
      return results;
    },
  };
}

export type LedgerCommits = ReturnType<typeof createLedgerCommits>;
