import type { Client } from '@temporalio/client';
import type { FollowUpWorkflows } from '../../../activities/dependencies.js';
import type { WebhookSettings } from '../../webhooks/webhook-settings.js';
import { createActionWorkflows } from '../client/action-workflows.js';
import { createCampaignWorkflows } from '../client/campaign-workflows.js';
import { createDeliveryWorkflows, type DeliveryWorkflowOptions } from '../client/delivery-workflows.js';
import { createReversalWorkflows } from '../client/reversal-workflows.js';

/** What activities start after their commits, over the worker's Temporal client. */
export function createFollowUpWorkflows(
  client: Client,
  webhooks: WebhookSettings,
  deliveries?: DeliveryWorkflowOptions,
): FollowUpWorkflows {
  const campaigns = createCampaignWorkflows(client);
  const actions = createActionWorkflows(client);
  const reversals = createReversalWorkflows(client);
  return {
    deliveries: createDeliveryWorkflows(client, webhooks, deliveries),
    budgetReached: (campaignId) => campaigns.budgetReached(campaignId),
    startAction: (action) => actions.start(action),
    startReversal: (reversal) => reversals.start(reversal),
  };
}
