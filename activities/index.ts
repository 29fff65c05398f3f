import { applyCampaignStep } from '../src/campaigns/apply-campaign-step.js';
import { insertCampaign } from '../src/campaigns/campaign-repository.js';
import type { CampaignStepInput, NewCampaign } from '../src/campaigns/campaign-types.js';
import { recordEvent, type RecordEventInput } from '../src/webhooks/event-outbox.js';
import {
  warnExpiringKeys,
  type WarnExpiringKeysInput,
  type WarnExpiringKeysResult,
} from '../src/keys/warn-expiring-keys.js';
import { insertPoolRequest } from '../src/pool-requests/pool-request-repository.js';
import type {
  NewPoolRequest,
  PoolRequestOutcome,
  SettlePoolRequestInput,
} from '../src/pool-requests/pool-request-types.js';
import { settlePoolRequest } from '../src/pool-requests/settle-pool-request.js';
import { createRunBulkJob } from './bulk-job-activity.js';
import type { ActivityDependencies } from './dependencies.js';
import { createLedgerCommits } from './ledger-commits.js';
import { createRedriveStaleRequests } from './redrive-stale-requests.js';
import { createReversalAndRedemptionActivities } from './reversal-and-redemption-activities.js';
import {
  createContinueDelivery,
  createMarkDeliveryFailed,
  createSendWebhook,
  deliveryControlFor,
} from './webhook-activities.js';

export type { ActivityDependencies } from './dependencies.js';

/**
 * Every activity, over its dependencies. Most hand one call to the domain function that does the
 * work; those with more to do (the group commit, HTTP sends, schedules' sweeps) have a file each.
 */
export function createActivities(deps: ActivityDependencies) {
  const { db, now } = deps;
  const deliveries = deliveryControlFor(deps);
  // One per worker: concurrent actions on one pool share its lock and commit (group commit).
  const commits = createLedgerCommits({ ...deps, deliveries });
  return {
    /** A reward's commit and the dispatch pass for the events it wrote. */
    applyAction: async (input: { actionId: string }) => commits.apply(input.actionId),
    /** A bulk job's actions, applied together in one batch of their pool's group commit, one result per id in order. */
    applyActions: async (input: { actionIds: string[] }) => commits.applyAll(input.actionIds),
    /** A whole bulk job: its events, its actions in one batch, and the dispatch pass after them. */
    runBulkJob: createRunBulkJob({
      applyAll: commits.applyAllIn,
      recordEvent: async (event) => void (await recordEvent(db, event)),
      dispatchPending: deliveries.dispatchPending,
    }),
    ...createReversalAndRedemptionActivities({ db, deliveries }),
    createCampaignRecord: async (campaign: NewCampaign): Promise<void> => {
      await insertCampaign(db, campaign);
    },
    applyCampaignStep: async (step: CampaignStepInput): Promise<{ applied: boolean }> => applyCampaignStep(db, step),
    recordPoolRequest: async (request: NewPoolRequest): Promise<void> => {
      await insertPoolRequest(db, request);
    },
    settlePoolRequest: async (input: SettlePoolRequestInput): Promise<PoolRequestOutcome> =>
      settlePoolRequest(db, input),
    /** An outbox event a workflow reports; its key makes a retry after commit record nothing twice. */
    recordEvent: async (event: RecordEventInput): Promise<void> => {
      await recordEvent(db, event);
    },
    /** Dispatches committed outbox events: after a ledger activity, and on every sweep of the schedule. */
    dispatchEvents: async (): Promise<void> => deliveries.dispatchPending(),
    sendWebhook: createSendWebhook(deps),
    markDeliveryFailed: createMarkDeliveryFailed(deps),
    continueDelivery: createContinueDelivery(deps),
    /** Writes api_key.expiring for keys nearing expiry; a retry after commit finds them marked and writes nothing. */
    warnExpiringKeys: async ({ warningDays }: WarnExpiringKeysInput): Promise<WarnExpiringKeysResult> => ({
      warned: await warnExpiringKeys(db, now(), warningDays),
    }),
    redriveStaleRequests: createRedriveStaleRequests(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
