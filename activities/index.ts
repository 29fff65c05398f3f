import { createApplyAction } from './apply-action.js';
import { createApplyCampaignStep } from './apply-campaign-step.js';
import { createApplyReversal } from './apply-reversal.js';
import { createCreateCampaignRecord } from './create-campaign-record.js';
import { createDispatchEvents } from './dispatch-events.js';
import { createMarkDeliveryFailed } from './mark-delivery-failed.js';
import { createRecordEvent } from './record-event.js';
import { createSendWebhook } from './send-webhook.js';
import type { ActivityDependencies } from './dependencies.js';

export type { ActivityDependencies } from './dependencies.js';

export function createActivities(deps: ActivityDependencies) {
  return {
    applyAction: createApplyAction(deps),
    applyReversal: createApplyReversal(deps),
    createCampaignRecord: createCreateCampaignRecord(deps),
    applyCampaignStep: createApplyCampaignStep(deps),
    recordEvent: createRecordEvent(deps),
    dispatchEvents: createDispatchEvents(deps),
    sendWebhook: createSendWebhook(deps),
    markDeliveryFailed: createMarkDeliveryFailed(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
