import type { WebhookDelivery } from '../../db/schema.js';
import { workflowIds } from '../../temporal/contract/workflow-ids.js';

/**
 * The workflow id a run acts under for this delivery. A delivery belongs to its own workflow
 * (`delivery.workflow_id`); the event's workflow makes its first attempt, under that id, while the
 * delivery is on its first run (no manual retry) and has no attempt yet. Any other run acts as itself,
 * and so is told that another run owns the delivery.
 */
export function actingWorkflowId(
  delivery: Pick<WebhookDelivery, 'workflow_id' | 'endpoint_id' | 'event_id' | 'attempt_count'>,
  workflowId: string,
): string {
  const firstAttemptOfEvent =
    workflowId === workflowIds.eventDelivery(delivery.event_id) &&
    delivery.workflow_id === workflowIds.delivery(delivery.endpoint_id, delivery.event_id) &&
    delivery.attempt_count === 0;
  return firstAttemptOfEvent ? delivery.workflow_id : workflowId;
}
