import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { workflowIds } from '../../temporal/contract/workflow-ids.js';
import type { DeliveryWorkflows } from '../delivery-control.js';
import type { FirstAttemptLeft } from '../delivery/delivery-pacing.js';
import { findDeliveryToStart } from './dispatch-repository.js';

export interface ContinueDeliveryInput {
  deliveryId: string;
  afterFirstAttempt: FirstAttemptLeft;
}

/**
 * Starts the own workflow of a delivery its event's workflow attempted once without delivering,
 * going on from that attempt. A delivery re-queued since (a manual retry) has a run of its own,
 * started by the dispatcher; a repeat finds the workflow started and leaves it alone.
 */
export async function continueDelivery(
  deps: { db: Kysely<Database>; workflows: DeliveryWorkflows },
  { deliveryId, afterFirstAttempt }: ContinueDeliveryInput,
): Promise<void> {
  const delivery = await findDeliveryToStart(deps.db, deliveryId);
  if (!delivery || delivery.workflowId !== workflowIds.delivery(delivery.endpointId, delivery.eventId)) return;
  await deps.workflows.start(delivery, afterFirstAttempt);
}
