import type { DeliveryControl } from '../../src/webhooks/delivery-control.js';

/** Records what the endpoint services ask of the delivery engine; `failWith` makes every call throw. */
export function recordingDeliveryControl() {
  const calls = { dispatchPending: 0, cancelled: [] as string[] };
  let failure: Error | undefined;
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
  };
  return {
    control,
    calls,
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}
