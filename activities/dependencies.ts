import type { Kysely } from 'kysely';
import type { ActionProcessing } from '../src/actions/action-submission.js';
import type { CampaignLifecycles } from '../src/campaigns/campaign-types.js';
import type { Database } from '../src/db/schema.js';
import type { ReversalProcessing } from '../src/reversals/reversal-submission.js';
import type { SecretBox } from '../src/security/secret-box.js';
import type { DeliveryWorkflows } from '../src/webhooks/delivery-control.js';
import type { WebhookSettings } from '../src/webhooks/webhook-settings.js';

/** The workflows activities start or signal after their commits; the worker builds them over the Temporal client. */
export interface FollowUpWorkflows {
  /** Deliveries for the events an activity committed. */
  deliveries: DeliveryWorkflows;
  budgetReached: CampaignLifecycles['budgetReached'];
  /** Start a stale action's or reversal's workflow again, or find it running. */
  startAction: ActionProcessing<unknown>['start'];
  startReversal: ReversalProcessing<unknown>['start'];
}

/** Everything activities touch is passed in, so tests can hand them a test database or fakes. */
export interface ActivityDependencies {
  db: Kysely<Database>;
  /** Opens sealed secrets (webhook signing secrets). */
  secretBox: SecretBox;
  followUps: FollowUpWorkflows;
  webhooks: WebhookSettings;
  now: () => Date;
}
