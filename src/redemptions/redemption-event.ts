import type { Transaction } from 'kysely';
import type { Database, Redemption } from '../db/schema.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import type { RedemptionView } from './redemption-types.js';
import { findRedemptionView } from './redemption-view.js';

export type RedemptionEventType = 'redemption.approved' | 'redemption.rejected' | 'redemption.completed';

/** The redemption as it now stands, recorded as the event's data in the same transaction as the change. */
export async function withRedemptionEvent(
  trx: Transaction<Database>,
  redemption: Redemption,
  type: RedemptionEventType,
): Promise<RedemptionView> {
  const view = await findRedemptionView(trx, redemption.id);
  await recordEvent(trx, {
    partnerId: redemption.partner_id,
    environment: redemption.environment,
    requestId: redemption.request_id,
    type,
    data: { ...view },
  });
  return view;
}
