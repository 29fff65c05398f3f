import { sql, type Transaction } from 'kysely';
import type { Database, WebhookDelivery } from '../../db/schema.js';
import { workflowIds } from '../../temporal/contract/workflow-ids.js';
import { takeDeliverySequence } from '../dispatch/delivery-sequence.js';

/**
 * Makes a locked delivery PENDING again under a new workflow id (…/retry-{n}) with no workflow
 * yet, so the dispatcher starts exactly one new run; the closed run's id stays in the history.
 * For an ordered endpoint it joins the end of the line: deliveries already under way never wait
 * for it, and none that has started can find an earlier one open again.
 */
export async function requeueDelivery(
  trx: Transaction<Database>,
  delivery: WebhookDelivery,
): Promise<{ eventId: string; manualRetry: number }> {
  const manualRetry = delivery.manual_retries + 1;
  const endpoint = await trx
    .selectFrom('webhook_endpoints')
    .select('ordered')
    .where('id', '=', delivery.endpoint_id)
    .executeTakeFirstOrThrow();
  const sequence = endpoint.ordered ? await takeDeliverySequence(trx, delivery.endpoint_id, 1) : null;
  await trx
    .updateTable('webhook_deliveries')
    .set({
      status: 'PENDING',
      manual_retries: manualRetry,
      workflow_id: workflowIds.delivery(delivery.endpoint_id, delivery.event_id, manualRetry),
      workflow_started_at: null,
      // Parked (or held) when it ended: the new run starts, and its own first attempt decides.
      parked_at: null,
      next_attempt_at: null,
      delivered_at: null,
      delivery_sequence: sequence,
      updated_at: sql`now()`,
    })
    .where('id', '=', delivery.id)
    .execute();
  return { eventId: delivery.event_id, manualRetry };
}
