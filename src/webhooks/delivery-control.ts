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
