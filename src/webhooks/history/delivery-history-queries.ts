import type { Kysely } from 'kysely';
import type { PartnerScope } from '../../partner-scope.js';
import type { Database, DeliveryStatus, WebhookAttempt } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import { toPage } from '../../pagination.js';
import { findEndpoint } from '../endpoints/endpoint-repository.js';
import { deliveryView } from './delivery-view.js';
import { newestFirstPage } from '../../db/newest-first-page.js';

export interface DeliveryFilters {
  status?: DeliveryStatus;
  eventType?: string;
  from?: Date;
  to?: Date;
}

export function createDeliveryHistoryQueries(db: Kysely<Database>) {
  return {
    /** One endpoint's deliveries, newest first, each with all its attempts (one query for the page's attempts). */
    async list(scope: PartnerScope, endpointId: string, filters: DeliveryFilters, limit: number, cursor?: string) {
      // The endpoint is the scope check: its deliveries share its partner and environment, and
      // filtering on endpoint_id alone lets the (endpoint_id, created_at, id) index serve the page.
      if (!(await findEndpoint(db, scope, endpointId))) throw notFound('webhook');
      const deliveries = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('endpoint_id', '=', endpointId)
        .$if(filters.status !== undefined, (q) => q.where('status', '=', filters.status!))
        .$if(filters.eventType !== undefined, (q) => q.where('event_type', '=', filters.eventType!))
        .$if(filters.from !== undefined, (q) => q.where('created_at', '>=', filters.from!))
        .$if(filters.to !== undefined, (q) => q.where('created_at', '<', filters.to!))
        .$call((q) => newestFirstPage(q, limit, cursor))
        .execute();
      const attempts = await attemptsOf(
        db,
        deliveries.slice(0, limit).map((d) => d.id),
      );
      return toPage(deliveries, limit, (delivery) => deliveryView(delivery, attempts.get(delivery.id) ?? []));
    },
  };
}

async function attemptsOf(db: Kysely<Database>, deliveryIds: string[]): Promise<Map<string, WebhookAttempt[]>> {
  const byDelivery = new Map<string, WebhookAttempt[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = byDelivery.get(row.delivery_id) ?? [];
    list.push(row);
    byDelivery.set(row.delivery_id, list);
  }
  return byDelivery;
}

export type DeliveryHistoryQueries = ReturnType<typeof createDeliveryHistoryQueries>;
