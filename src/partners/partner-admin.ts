import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DeliveryControl } from '../webhooks/delivery-control.js';
import { dispatchInBackground } from '../webhooks/dispatch/dispatch-in-background.js';
import type { RequestContext } from '../webhooks/endpoints/endpoint-service.js';
import { changePartnerStatus, type PartnerStatusChange } from './change-partner-status.js';
import { partnerView } from './partner-view.js';

/** What operators do with partner records over the admin API. */
export function createPartnerAdmin({
  db,
  deliveryControl,
}: {
  db: Kysely<Database>;
  deliveryControl: DeliveryControl;
}) {
  return {
    async changeStatus(partnerId: string, change: Omit<PartnerStatusChange, 'requestId'>, context: RequestContext) {
      const { partner, changed } = await changePartnerStatus(db, partnerId, {
        ...change,
        requestId: context.requestId,
      });
      if (changed) dispatchInBackground(deliveryControl, context, 'partner.status_changed');
      return partnerView(partner);
    },
  };
}

export type PartnerAdmin = ReturnType<typeof createPartnerAdmin>;
