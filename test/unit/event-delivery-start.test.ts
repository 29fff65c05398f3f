import { describe, expect, it } from 'vitest';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { actingWorkflowId } from '../../src/webhooks/delivery/delivery-owner.js';
import type { DeliveryToStart } from '../../src/webhooks/dispatch/dispatch-repository.js';
import { startGroups } from '../../src/webhooks/dispatch/start-groups.js';

const eventId = 'evt_1';
const own = workflowIds.delivery('whk_1', eventId);
const delivery = { workflow_id: own, endpoint_id: 'whk_1', event_id: eventId, attempt_count: 0 };

describe("the event's workflow and a delivery's own", () => {
  it("lets the event's workflow act as the delivery's owner for its first attempt only", () => {
    expect(actingWorkflowId(delivery, workflowIds.eventDelivery(eventId))).toBe(own);
    expect(actingWorkflowId(delivery, own)).toBe(own);
    // After an attempt, and for a re-delivery or another event, it acts as itself: not the owner.
    expect(actingWorkflowId({ ...delivery, attempt_count: 1 }, workflowIds.eventDelivery(eventId))).toBe(
      workflowIds.eventDelivery(eventId),
    );
    const retried = { ...delivery, workflow_id: workflowIds.delivery('whk_1', eventId, 1) };
    expect(actingWorkflowId(retried, workflowIds.eventDelivery(eventId))).toBe(workflowIds.eventDelivery(eventId));
    expect(actingWorkflowId(delivery, workflowIds.eventDelivery('evt_2'))).toBe(workflowIds.eventDelivery('evt_2'));
  });

  it("starts first runs to unordered endpoints with a closed circuit in their event's workflow, and the rest alone", () => {
    const toStart = (endpointId: string, event: string, extra: Partial<DeliveryToStart> = {}): DeliveryToStart => ({
      id: `dlv_${endpointId}_${event}`,
      workflowId: workflowIds.delivery(endpointId, event),
      endpointId,
      eventId: event,
      eventType: 'user.created',
      partnerId: 'ptn_1',
      environment: 'sandbox',
      url: 'https://example.com/hooks',
      ordered: false,
      circuitOpen: false,
      ...extra,
    });
    const a1 = toStart('whk_a', 'evt_1');
    const b1 = toStart('whk_b', 'evt_1');
    const a2 = toStart('whk_a', 'evt_2');
    const ordered = toStart('whk_o', 'evt_1', { ordered: true });
    const redelivery = toStart('whk_c', 'evt_1', { workflowId: workflowIds.delivery('whk_c', 'evt_1', 1) });
    const failing = toStart('whk_f', 'evt_2', { circuitOpen: true });

    const { byEvent, alone } = startGroups([a1, ordered, b1, redelivery, a2, failing]);

    expect([...byEvent]).toEqual([
      ['evt_1', [a1, b1]],
      ['evt_2', [a2]],
    ]);
    expect(alone).toEqual([ordered, redelivery, failing]);
  });
});
