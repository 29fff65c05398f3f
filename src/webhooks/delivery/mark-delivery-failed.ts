import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DeliveryControl } from '../delivery-control.js';
import type { WebhookSettings } from '../webhook-settings.js';
import { afterEndpointDisabled, disableEndpoint, type Warn } from './disable-endpoint.js';
import { passOrderedTurn } from './ordered-turn.js';

export interface MarkDeliveryFailedInput {
  deliveryId: string;
  workflowId: string;
  /** Why the attempts ended, kept only when no attempt recorded an error of its own. */
  reason: string;
}

export interface MarkDeliveryFailedDeps {
  db: Kysely<Database>;
  control: DeliveryControl;
  settings: Pick<WebhookSettings, 'disableAfterConsecutiveFailures'>;
  now: () => Date;
  warn: Warn;
}

/**
 * The end of a delivery's attempts: FAILED, one more on the endpoint's failure streak, and at the
 * configured streak the endpoint is disabled. A repeat (activity retried after commit) changes
 * nothing but waking the endpoint's next probe again.
 */
export async function markDeliveryFailed(deps: MarkDeliveryFailedDeps, input: MarkDeliveryFailedInput): Promise<void> {
  const { endpointId, disabledNow } = await deps.db.transaction().execute(async (trx) => {
    const failed = await trx
      .updateTable('webhook_deliveries')
      .set({
        status: 'FAILED',
        next_attempt_at: null,
        last_error: sql`coalesce(last_error, ${input.reason})`,
        updated_at: sql`now()`,
      })
      .where('id', '=', input.deliveryId)
      .where('workflow_id', '=', input.workflowId)
      .where('status', 'in', ['PENDING', 'RETRYING'])
      .returning('endpoint_id')
      .executeTakeFirst();
    if (!failed) {
      const repeat = await trx
        .selectFrom('webhook_deliveries')
        .select('endpoint_id')
        .where('id', '=', input.deliveryId)
        .executeTakeFirstOrThrow();
      return { endpointId: repeat.endpoint_id, disabledNow: false };
    }
    const endpoint = await trx
      .updateTable('webhook_endpoints')
      .set({ consecutive_failures: sql`consecutive_failures + 1` })
      .where('id', '=', failed.endpoint_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (endpoint.consecutive_failures < deps.settings.disableAfterConsecutiveFailures)
      return { endpointId: endpoint.id, disabledNow: false };
    const now = deps.now();
    const reason = `disabled after ${endpoint.consecutive_failures} consecutive failed deliveries`;
    const cause = { rule: 'consecutive_failed_deliveries', reason, since: endpoint.failing_since ?? now } as const;
    return { endpointId: endpoint.id, disabledNow: await disableEndpoint(trx, endpoint, cause, now) };
  });
  if (disabledNow) await afterEndpointDisabled(deps.control, endpointId, deps.warn);
  // This delivery may have been the endpoint's probe: the next parked one takes over (a repeat does it again).
  else await deps.control.resumeParkedDeliveries(endpointId);
  // On a repeat too: the first run may have committed and stopped before it woke the next one.
  const delivery = await deps.db
    .selectFrom('webhook_deliveries')
    .select(['endpoint_id', 'delivery_sequence'])
    .where('id', '=', input.deliveryId)
    .executeTakeFirstOrThrow();
  await passOrderedTurn(deps.db, deps.control, delivery);
}
