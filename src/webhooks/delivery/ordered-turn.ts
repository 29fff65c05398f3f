import type { Kysely } from 'kysely';
import type { Database, WebhookDelivery, WebhookEndpoint } from '../../db/schema.js';
import type { DeliveryControl } from '../delivery-control.js';

const open = ['PENDING', 'RETRYING'] as const;

/**
 * Whether a delivery of an ordered endpoint must wait: an earlier one (lower sequence) is still
 * open. Once all earlier ones have ended none can open again (a re-delivery takes a new, later
 * number), so a delivery that may go keeps its turn until it ends.
 */
export async function waitsForEarlierDelivery(
  db: Kysely<Database>,
  delivery: WebhookDelivery,
  endpoint: WebhookEndpoint,
): Promise<boolean> {
  if (!endpoint.ordered || delivery.delivery_sequence === null) return false;
  const earlier = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('endpoint_id', '=', delivery.endpoint_id)
    .where('delivery_sequence', '<', delivery.delivery_sequence)
    .where('status', 'in', open)
    .limit(1)
    .executeTakeFirst();
  return earlier !== undefined;
}

/**
 * After a delivery of an ordered endpoint ended: wakes the next one in line, if its workflow runs
 * (one not started yet asks the database when it starts). Safe to repeat.
 */
export async function passOrderedTurn(
  db: Kysely<Database>,
  control: DeliveryControl,
  delivery: Pick<WebhookDelivery, 'endpoint_id' | 'delivery_sequence'>,
): Promise<void> {
  if (delivery.delivery_sequence === null) return;
  const next = await db
    .selectFrom('webhook_deliveries')
    .select(['workflow_id', 'workflow_started_at'])
    .where('endpoint_id', '=', delivery.endpoint_id)
    .where('delivery_sequence', '>', delivery.delivery_sequence)
    .where('status', 'in', open)
    .orderBy('delivery_sequence')
    .limit(1)
    .executeTakeFirst();
  if (next?.workflow_started_at) await control.wakeDeliveries([next.workflow_id]);
}
