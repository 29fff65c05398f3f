import type { FirstAttemptLeft } from './delivery/delivery-pacing.js';
import type { DeliveryToStart } from './dispatch/dispatch-repository.js';

/** How the delivery engine starts and stops one delivery's workflow; the Temporal client implements it. */
export interface DeliveryWorkflows {
  /**
   * Starts the delivery's current workflow; one that exists already (running or closed) is left alone.
   * With `afterFirstAttempt` it goes on from the first attempt its event's workflow made.
   */
  start(delivery: DeliveryToStart, afterFirstAttempt?: FirstAttemptLeft): Promise<void>;
  /**
   * Starts one workflow for deliveries of one event, which makes each one's first attempt and starts
   * the delivery's own workflow for those it does not end. Returns the deliveries it does not cover:
   * the event's workflow existed already without them, so each must be started on its own.
   */
  startEvent(eventId: string, deliveries: DeliveryToStart[]): Promise<DeliveryToStart[]>;
  /** Asks a delivery's workflow to stop; one that is gone or finished needs nothing. */
  cancel(workflowId: string): Promise<void>;
  /** Wakes a delivery parked by its endpoint's circuit, as the new probe or because the circuit closed; one gone or finished needs nothing. */
  resume(workflowId: string, resume: { asProbe: boolean }): Promise<void>;
  /** Signals a delivery waiting for its ordered turn that the turn may have come; one gone or finished needs nothing. */
  wake(workflowId: string): Promise<void>;
}

/** What the rest of the product asks of webhook delivery, without knowing how it is done. */
export interface DeliveryControl {
  /** Starts delivery of committed events not yet dispatched; call it after a commit that wrote events. */
  dispatchPending(): Promise<void>;
  /** Stops an endpoint's PENDING and RETRYING deliveries (endpoint deleted or disabled); returns how many. */
  cancelEndpointDeliveries(endpointId: string): Promise<number>;
  /** Cancels the workflows of deliveries whose rows are already CANCELLED, so their timers stop early. */
  cancelDeliveryWorkflows(workflowIds: string[]): Promise<void>;
  /** Signals an endpoint's parked deliveries that may attempt again: all once its circuit closed, else its next probe. */
  resumeParkedDeliveries(endpointId: string): Promise<void>;
  /** Tells parked deliveries of ordered endpoints that their turn may have come; ended ones need nothing. */
  wakeDeliveries(workflowIds: string[]): Promise<void>;
}
