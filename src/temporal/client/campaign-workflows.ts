import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes, WorkflowNotFoundError } from '@temporalio/common';
import type { CampaignLifecycles, CampaignRefusal } from '../../campaigns/campaign-types.js';
import { ApiError } from '../../errors.js';
import { campaignLifecycle } from '../../../workflows/campaign-lifecycle.js';
import { budgetReachedSignal, changeCampaignUpdate } from '../../../workflows/campaign-messages.js';
import { SirEnvironment, SirPartnerId } from '../contract/search-attributes.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';

/** Where lifecycles run; tests on the time-skipping server (no custom search attributes) pass their own. */
export interface CampaignWorkflowOptions {
  taskQueue: string;
  searchAttributes: boolean;
  /** Continue as new at this many history events; tests set it low to exercise it. */
  historyLimit?: number;
}

export const defaultCampaignWorkflowOptions: CampaignWorkflowOptions = {
  taskQueue: taskQueues.ledger,
  searchAttributes: true,
};

const refusalCodes: readonly string[] = [
  'CAMPAIGN_TRANSITION_NOT_ALLOWED',
  'INVALID_CAMPAIGN_CHANGE',
] satisfies CampaignRefusal['code'][];

function refusalOf(error: unknown): ApiError | undefined {
  if (error instanceof WorkflowNotFoundError)
    return new ApiError('CAMPAIGN_TRANSITION_NOT_ALLOWED', 'the campaign has completed and never changes again');
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type && refusalCodes.includes(cause.type)) {
    return new ApiError(cause.type as CampaignRefusal['code'], cause.message);
  }
  return undefined;
}

export function createCampaignWorkflows(
  client: Client,
  options: CampaignWorkflowOptions = defaultCampaignWorkflowOptions,
): CampaignLifecycles {
  const handle = (campaignId: string) =>
    client.workflow.getHandle<typeof campaignLifecycle>(workflowIds.campaign(campaignId));
  return {
    async start(campaign) {
      await client.workflow.start(campaignLifecycle, {
        workflowId: workflowIds.campaign(campaign.id),
        taskQueue: options.taskQueue,
        args: [{ campaign, ...(options.historyLimit !== undefined && { historyLimit: options.historyLimit }) }],
        ...(options.searchAttributes && {
          typedSearchAttributes: new TypedSearchAttributes([
            { key: SirPartnerId, value: campaign.partnerId },
            { key: SirEnvironment, value: campaign.environment },
          ]),
        }),
        memo: { name: campaign.name },
      });
    },

    async change(campaignId, change) {
      try {
        return await handle(campaignId).executeUpdate(changeCampaignUpdate, { args: [change] });
      } catch (error) {
        throw refusalOf(error) ?? error;
      }
    },

    async budgetReached(campaignId) {
      try {
        await handle(campaignId).signal(budgetReachedSignal);
      } catch (error) {
        // The lifecycle ended (at endsAt, say) before the signal: the campaign is complete already.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}
