import { createApplyAction } from './apply-action.js';
import { createApplyActions } from './apply-actions.js';
import { createApplyCampaignStep } from './apply-campaign-step.js';
import { createApplyReversal } from './apply-reversal.js';
import { createCreateCampaignRecord } from './create-campaign-record.js';
import { createDispatchEvents } from './dispatch-events.js';
import { createFulfilRedemption } from './fulfil-redemption.js';
import { createReviewRedemption } from './review-redemption.js';
import { createMarkDeliveryFailed } from './mark-delivery-failed.js';
import { createRecordEvent } from './record-event.js';
import { createRecordPoolRequest } from './record-pool-request.js';
import { createRedriveStaleRequests } from './redrive-stale-requests.js';
import { createSettlePoolRequest } from './settle-pool-request.js';
import { createSendWebhook } from './send-webhook.js';
import { createLedgerCommits } from './ledger-commits.js';
import { createWarnExpiringKeys } from './warn-expiring-keys.js';
import type { ActivityDependencies } from './dependencies.js';

export type { ActivityDependencies } from './dependencies.js';

export function createActivities(deps: ActivityDependencies) {
  // One per worker: concurrent actions on one pool share its lock and commit (group commit).
  const commits = createLedgerCommits(deps);
  return {
    applyAction: createApplyAction(commits),
    applyActions: createApplyActions(commits),
    applyReversal: createApplyReversal(deps),
    reviewRedemption: createReviewRedemption(deps),
    fulfilRedemption: createFulfilRedemption(deps),
    createCampaignRecord: createCreateCampaignRecord(deps),
    applyCampaignStep: createApplyCampaignStep(deps),
    recordPoolRequest: createRecordPoolRequest(deps),
    settlePoolRequest: createSettlePoolRequest(deps),
    recordEvent: createRecordEvent(deps),
    dispatchEvents: createDispatchEvents(deps),
    sendWebhook: createSendWebhook(deps),
    markDeliveryFailed: createMarkDeliveryFailed(deps),
    warnExpiringKeys: createWarnExpiringKeys(deps),
    redriveStaleRequests: createRedriveStaleRequests(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
