import type { DeliveryControl } from '../../src/webhooks/delivery-control.js';

/**
 * Records what the endpoint services ask of the delivery engine; `failWith` makes every call throw,
 * `holdWorkflowCancels` makes cancelling workflows never finish (a backlog, or Temporal away).
 */
export function recordingDeliveryControl() {
  const calls = {
    dispatchPending: 0,
    cancelled: [] as string[],
    cancelledWorkflows: [] as string[],
    resumed: [] as string[],
    woken: [] as string[],
  };
  let failure: Error | undefined;
  let holdCancels = false;
  const control: DeliveryControl = {
    async dispatchPending() {
      calls.dispatchPending++;
      if (failure) throw failure;
    },
    async cancelEndpointDeliveries(endpointId) {
      calls.cancelled.push(endpointId);
      if (failure) throw failure;
      return 0;
    },
    async cancelDeliveryWorkflows(workflowIds) {
      calls.cancelledWorkflows.push(...workflowIds);
      if (failure) throw failure;
      if (holdCancels) await new Promise<never>(() => {});
    },
    async resumeParkedDeliveries(endpointId) {
      calls.resumed.push(endpointId);
      if (failure) throw failure;
    },
    async wakeDeliveries(workflowIds) {
      calls.woken.push(...workflowIds);
      if (failure) throw failure;
    },
  };
  return {
    control,
    calls,
    failWith(error: Error | undefined) {
      failure = error;
    },
    holdWorkflowCancels(hold: boolean) {
      holdCancels = hold;
    },
  };
}
