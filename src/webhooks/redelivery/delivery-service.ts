import type { Kysely, Transaction } from 'kysely';
import type { PartnerScope } from '../../partner-scope.js';
import type { Database, DeliveryStatus } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import type { DeliveryControl } from '../delivery-control.js';
import { findEndpoint } from '../endpoints/endpoint-repository.js';
import type { RequestContext } from '../endpoints/endpoint-service.js';
import { recordPing } from '../ping-event.js';
import { dispatchInBackground } from '../dispatch/dispatch-in-background.js';
import { recordDeliveries } from '../dispatch/record-deliveries.js';
import { requeueDelivery } from './requeue-delivery.js';

/**
 * A DELIVERED delivery may be sent again too: a receiver that lost what it processed gets the same
 * event id, so its dedupe still holds. PENDING and RETRYING ones are still in flight.
 */
const retryableStatuses: DeliveryStatus[] = ['FAILED', 'CANCELLED', 'DELIVERED'];

export interface WebhookDeliveryServiceDeps {
  db: Kysely<Database>;
  deliveryControl: DeliveryControl;
  now: () => Date;
}

/** Partner-driven sends: re-delivery of one delivery, bulk recovery, and the test ping. */
export function createWebhookDeliveryService({ db, deliveryControl, now }: WebhookDeliveryServiceDeps) {
  /** The endpoint, in the caller's scope and enabled; deliveries to a disabled one would only be cancelled. */
  async function enabledEndpoint(trx: Transaction<Database>, scope: PartnerScope, id: string) {
    const endpoint = await findEndpoint(trx, scope, id);
    if (!endpoint) throw notFound('webhook');
    if (!endpoint.is_active) {
      throw new ApiError(
        'CONFLICT',
        `webhook is disabled (${endpoint.disabled_reason ?? 'by you'}); re-enable it with PATCH /v1/partner/webhooks/${id} first`,
      );
    }
    return endpoint;
  }

  return {
    /** Re-queues one delivery as a new workflow run, `…/retry-{n}`. */
    async retry(scope: PartnerScope, webhookId: string, deliveryId: string, context: RequestContext) {
      const queued = await db.transaction().execute(async (trx) => {
        await enabledEndpoint(trx, scope, webhookId);
        const delivery = await trx
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('id', '=', deliveryId)
          .where('endpoint_id', '=', webhookId)
          .forUpdate()
          .executeTakeFirst();
        if (!delivery) throw notFound('delivery');
        if (!retryableStatuses.includes(delivery.status)) {
          throw new ApiError(
            'CONFLICT',
            `the delivery is ${delivery.status} and still being attempted; retry it once it is ${retryableStatuses.join(', ')}`,
          );
        }
        return requeueDelivery(trx, delivery);
      });
      dispatchInBackground(deliveryControl, context, 're-queued deliveries');
      return {
        deliveryId,
        webhookId,
        eventId: queued.eventId,
        status: 'PENDING' as const,
        manualRetry: queued.manualRetry,
      };
    },

    /** Re-queues every FAILED delivery of the endpoint created at or after `since`, in one transaction. */
    async recover(scope: PartnerScope, webhookId: string, since: Date, context: RequestContext) {
      const queued = await db.transaction().execute(async (trx) => {
        await enabledEndpoint(trx, scope, webhookId);
        const failed = await trx
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('endpoint_id', '=', webhookId)
          .where('status', '=', 'FAILED')
          .where('created_at', '>=', since)
          .forUpdate()
          .execute();
        for (const delivery of failed) await requeueDelivery(trx, delivery);
        return failed.length;
      });
      if (queued > 0) dispatchInBackground(deliveryControl, context, 're-queued deliveries');
      return { webhookId, since: since.toISOString(), queued };
    },

    /** Records the spec's ping for this endpoint only, with its delivery, and sends it. */
    async sendTest(scope: PartnerScope, webhookId: string, context: RequestContext) {
      const sent = await db.transaction().execute(async (trx) => {
        await enabledEndpoint(trx, scope, webhookId);
        const eventId = await recordPing(trx, scope, webhookId, { now: now(), requestId: context.requestId });
        const event = await trx
          .selectFrom('events')
          .selectAll()
          .where('id', '=', eventId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        await recordDeliveries(trx, [event]);
        const delivery = await trx
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('endpoint_id', '=', webhookId)
          .where('event_id', '=', eventId)
          .executeTakeFirstOrThrow();
        return { deliveryId: delivery.id, eventId };
      });
      dispatchInBackground(deliveryControl, context, 'a test ping');
      return { ...sent, webhookId, status: 'PENDING' as const };
    },
  };
}

export type WebhookDeliveryService = ReturnType<typeof createWebhookDeliveryService>;
