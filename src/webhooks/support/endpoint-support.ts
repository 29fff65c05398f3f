import type { Kysely } from 'kysely';
import type { PartnerScope } from '../../partner-scope.js';
import type { Database, WebhookEndpoint } from '../../db/schema.js';
import { ApiError, notFound } from '../../errors.js';
import { afterEndpointDisabled, disableEndpoint, type Warn } from '../delivery/disable-endpoint.js';
import type { DeliveryControl } from '../delivery-control.js';
import { endpointChanges } from '../endpoints/endpoint-changes.js';
import { updateEndpoint } from '../endpoints/endpoint-repository.js';

/** An operator names an endpoint by id alone; its partner and environment come from the row. */
export async function findEndpointForSupport(
  db: Kysely<Database>,
  webhookId: string,
  options: { forUpdate?: boolean } = {},
): Promise<WebhookEndpoint & { scope: PartnerScope }> {
  const endpoint = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', webhookId)
    .where('deleted_at', 'is', null)
    .$if(options.forUpdate === true, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!endpoint) throw notFound('webhook');
  return { ...endpoint, scope: { partnerId: endpoint.partner_id, environment: endpoint.environment } };
}

/**
 * Turns a disabled endpoint back on with a clean failure count, so the next failures are counted
 * afresh. False when it was enabled already.
 */
export async function reenableEndpoint(
  db: Kysely<Database>,
  webhookId: string,
  now: Date,
): Promise<{ endpoint: WebhookEndpoint; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const current = await findEndpointForSupport(trx, webhookId, { forUpdate: true });
    if (current.is_active) return { endpoint: current, changed: false };
    const endpoint = await updateEndpoint(
      trx,
      current.scope,
      webhookId,
      endpointChanges(current, { isActive: true }, now),
    );
    if (!endpoint) throw notFound('webhook');
    return { endpoint, changed: true };
  });
}

/**
 * Disables an endpoint for support reasons the way the delivery engine does: the partner is told
 * by `webhook_endpoint.disabled` and the endpoint's open deliveries are cancelled.
 */
export async function disableEndpointForSupport(
  deps: { db: Kysely<Database>; control: DeliveryControl; warn: Warn },
  webhookId: string,
  reason: string,
  now: Date,
): Promise<{ endpoint: WebhookEndpoint; changed: boolean }> {
  if (!reason.trim()) throw new ApiError('VALIDATION_ERROR', 'a reason is required to disable an endpoint');
  const result = await deps.db.transaction().execute(async (trx) => {
    const current = await findEndpointForSupport(trx, webhookId, { forUpdate: true });
    const changed = await disableEndpoint(trx, current, { rule: 'support', reason, since: now }, now);
    const endpoint = await trx
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', webhookId)
      .executeTakeFirstOrThrow();
    return { endpoint, changed };
  });
  if (result.changed) await afterEndpointDisabled(deps.control, webhookId, deps.warn);
  return result;
}
