import { workflowIds } from '../../temporal/contract/workflow-ids.js';
import type { DeliveryToStart } from './dispatch-repository.js';

export interface StartGroups {
  /** Deliveries started together in their event's workflow, by event id. */
  byEvent: Map<string, DeliveryToStart[]>;
  /** Deliveries started in their own workflow from the first attempt. */
  alone: DeliveryToStart[];
}

/**
 * Which deliveries start in their event's workflow: those on their first run. A manual re-delivery
 * is a run of its own; an ordered endpoint's deliveries keep one workflow each from the start, so
 * the line is kept by one kind of run only. A delivery to an endpoint whose circuit is open would
 * only park there and go on in its own workflow: it starts in its own at once, where its first
 * attempt parks it (or sends, if the circuit closed meanwhile).
 */
export function startGroups(deliveries: DeliveryToStart[]): StartGroups {
  const byEvent = new Map<string, DeliveryToStart[]>();
  const alone: DeliveryToStart[] = [];
  for (const delivery of deliveries) {
    const firstRun = delivery.workflowId === workflowIds.delivery(delivery.endpointId, delivery.eventId);
    if (!firstRun || delivery.ordered || delivery.circuitOpen) {
      alone.push(delivery);
      continue;
    }
    const group = byEvent.get(delivery.eventId);
    if (group) group.push(delivery);
    else byEvent.set(delivery.eventId, [delivery]);
  }
  return { byEvent, alone };
}
