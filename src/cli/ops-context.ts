import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { WebhookSettings } from '../webhooks/webhook-settings.js';

/** What every ops command runs with. */
export interface OpsContext {
  db: Kysely<Database>;
  /** Connected on first use: only decisions go through Temporal. */
  temporal: () => Promise<Client>;
  /** Recorded as who decided, e.g. `cli:ada`. */
  actor: string;
  print: (line: string) => void;
  /** How re-queued deliveries are sent (the delivery policy of their workflows). */
  webhooks: WebhookSettings;
}

export interface OpsArgs {
  positionals: string[];
  values: {
    name?: string;
    status?: string;
    partner?: string;
    limit?: string;
    cursor?: string;
    tokens?: string;
    note?: string;
    reason?: string;
    since?: string;
    environment?: string;
  };
}
