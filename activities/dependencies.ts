import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import type { SecretBox } from '../src/security/secret-box.js';
import type { DeliveryWorkflowOptions } from '../src/temporal/delivery-workflows.js';
import type { WebhookSettings } from '../src/webhooks/webhook-settings.js';

/** Everything activities touch is passed in, so tests can hand them a test database or fakes. */
export interface ActivityDependencies {
  db: Kysely<Database>;
  /** Opens sealed secrets (webhook signing secrets). */
  secretBox: SecretBox;
  /** Starts follow-up workflows, e.g. deliveries for events an activity committed. */
  temporal: Client;
  webhooks: WebhookSettings;
  now: () => Date;
  /** Where follow-up deliveries run; the default (webhooks queue, search attributes) unless a test says otherwise. */
  deliveryWorkflows?: DeliveryWorkflowOptions;
}
