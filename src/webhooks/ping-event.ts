import type { Kysely, Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { recordEvent } from './event-outbox.js';

/** The spec's test ping (sir-webhooks.md "Testing"), sent on registration and on request. */
export function recordPing(
  trx: Transaction<Database> | Kysely<Database>,
  scope: PartnerScope,
  webhookId: string,
  options: { now: Date; requestId: string | null },
): Promise<string> {
  return recordEvent(trx, {
    ...scope,
    type: 'partner.status_changed',
    data: {
      type: 'ping',
      message: 'Test webhook delivery from Partner API',
      webhookId,
      timestamp: options.now.toISOString(),
    },
    requestId: options.requestId,
    targetEndpointId: webhookId,
  });
}
