import { sql, type Transaction } from 'kysely';
import type { Database, WebhookEndpoint } from '../../db/schema.js';
import { recordEvent } from '../event-outbox.js';
import type { DeliveryControl } from '../delivery-control.js';

export type Warn = (message: string, details: Record<string, unknown>) => void;

/**
 * Which rule disabled an endpoint: N failed deliveries in a row, no successful attempt for the
 * configured time, a 410 Gone, or support (the ops CLI).
 */
export type DisableRule = 'consecutive_failed_deliveries' | 'failing_for' | 'gone' | 'support';

export interface DisableCause {
  rule: DisableRule;
  reason: string;
  /** Since when the endpoint has been failing: the start of what the rule counted. */
  since: Date;
}

/**
 * Disables an endpoint the delivery engine gave up on and records `webhook_endpoint.disabled` for
 * the partner's other endpoints, in the caller's transaction. False when it was already disabled.
 */
export async function disableEndpoint(
  trx: Transaction<Database>,
  endpoint: Pick<WebhookEndpoint, 'id' | 'partner_id' | 'environment' | 'url' | 'consecutive_failures'>,
  { rule, reason, since }: DisableCause,
  at: Date,
): Promise<boolean> {
  const disabled = await trx
    .updateTable('webhook_endpoints')
    .set({ is_active: false, disabled_reason: reason, disabled_at: at, updated_at: sql`now()` })
    .where('id', '=', endpoint.id)
    .where('is_active', '=', true)
    .returning('id')
    .executeTakeFirst();
  if (!disabled) return false;
  await recordEvent(trx, {
    partnerId: endpoint.partner_id,
    environment: endpoint.environment,
    type: 'webhook_endpoint.disabled',
    data: {
      webhookId: endpoint.id,
      url: endpoint.url,
      disabledReason: reason,
      disabledAt: at.toISOString(),
      consecutiveFailures: endpoint.consecutive_failures,
      rule,
      since: since.toISOString(),
    },
  });
  return true;
}

/**
 * After the commit: stop the endpoint's other deliveries and send the notice. A failure here only
 * delays: the sweep dispatches the event and each delivery checks its endpoint before an attempt.
 */
export async function afterEndpointDisabled(control: DeliveryControl, endpointId: string, warn: Warn): Promise<void> {
  try {
    await control.cancelEndpointDeliveries(endpointId);
    await control.dispatchPending();
  } catch (error) {
    warn('follow-up of a disabled endpoint failed; the sweep and the next attempts catch up', {
      endpointId,
      error: String(error),
    });
  }
}
