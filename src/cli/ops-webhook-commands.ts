import type { DeliveryControl } from '../webhooks/delivery-control.js';
import { createDeliveryControl } from '../webhooks/dispatch/create-delivery-control.js';
import { createDeliveryWorkflows } from '../temporal/client/delivery-workflows.js';
import { redactedUrl } from '../webhooks/redacted-url.js';
import { createWebhookDeliveryService } from '../webhooks/redelivery/delivery-service.js';
import { endpointStateLines } from '../webhooks/support/endpoint-state.js';
import {
  disableEndpointForSupport,
  findEndpointForSupport,
  reenableEndpoint,
} from '../webhooks/support/endpoint-support.js';
import type { OpsArgs, OpsContext } from './ops-context.js';
import { optionalDate, required } from './ops-arguments.js';

/**
 * The delivery engine for one CLI run. The services dispatch and cancel workflows in the background
 * after their commit; the CLI waits for those so that it exits only once they are done.
 */
async function deliveryEngine(context: OpsContext) {
  const control = createDeliveryControl({
    db: context.db,
    workflows: createDeliveryWorkflows(await context.temporal(), context.webhooks),
  });
  const inFlight: Promise<boolean>[] = [];
  const tracked: DeliveryControl = {
    dispatchPending() {
      const dispatch = control.dispatchPending();
      inFlight.push(
        dispatch.then(
          () => true,
          () => false,
        ),
      );
      return dispatch;
    },
    cancelEndpointDeliveries: (endpointId) => control.cancelEndpointDeliveries(endpointId),
    resumeParkedDeliveries: (endpointId) => control.resumeParkedDeliveries(endpointId),
    cancelDeliveryWorkflows(workflowIds) {
      const cancelling = control.cancelDeliveryWorkflows(workflowIds);
      inFlight.push(
        cancelling.then(
          () => true,
          () => false,
        ),
      );
      return cancelling;
    },
    wakeDeliveries: (workflowIds) => control.wakeDeliveries(workflowIds),
  };
  /** True when every dispatch started its workflows. */
  const settled = async () => (await Promise.all(inFlight)).every(Boolean);
  return { control: tracked, settled };
}

/** Failures after a commit only delay delivery (the dispatch schedule catches up); the operator is told. */
const cliRequest = (context: OpsContext) => ({
  requestId: context.actor,
  log: { warn: (_details: object, message: string) => context.print(`warning: ${message}`) },
});

const started = (ok: boolean, what: string) =>
  ok ? `${what} started` : `${what} started by the dispatch schedule at its next sweep`;

const describeEndpoint = (endpoint: { id: string; url: string; partner_id: string; environment: string }) =>
  `endpoint ${endpoint.id} (${redactedUrl(endpoint.url)}) of ${endpoint.partner_id}/${endpoint.environment}`;

export const webhookOpsCommands: Record<string, (context: OpsContext, args: OpsArgs) => Promise<void>> = {
  async 'endpoints:disable'(context, { positionals, values }) {
    const webhookId = required(positionals[0], '<webhookId>');
    const reason = required(values.reason, '--reason');
    const engine = await deliveryEngine(context);
    const warn = (message: string) => context.print(`warning: ${message}`);
    // Waits for the cancellations and the notice's dispatch itself, warning when one of them fails.
    const { endpoint, changed } = await disableEndpointForSupport(
      { db: context.db, control: engine.control, warn },
      webhookId,
      reason,
      new Date(),
    );
    context.print(
      changed
        ? `disabled ${describeEndpoint(endpoint)}: "${reason}"; its open deliveries are cancelled and webhook_endpoint.disabled is recorded`
        : `${describeEndpoint(endpoint)} was already disabled ("${endpoint.disabled_reason ?? ''}"); nothing changed`,
    );
  },

  async 'endpoints:show'({ db, print }, { positionals }) {
    const webhookId = required(positionals[0], '<webhookId>');
    for (const line of await endpointStateLines(db, webhookId)) print(line);
  },

  async 'endpoints:enable'({ db, print }, { positionals }) {
    const webhookId = required(positionals[0], '<webhookId>');
    const before = await findEndpointForSupport(db, webhookId);
    const { endpoint, changed } = await reenableEndpoint(db, webhookId, new Date());
    if (!changed) return print(`${describeEndpoint(endpoint)} is already enabled; nothing changed`);
    print(
      `enabled ${describeEndpoint(endpoint)} again (was disabled: "${before.disabled_reason ?? ''}"); consecutive failures reset from ${before.consecutive_failures} to ${endpoint.consecutive_failures}`,
    );
    print(
      `re-deliver what failed meanwhile with: npm run ops -- deliveries:recover ${webhookId} --since ${(before.disabled_at ?? new Date()).toISOString()}`,
    );
  },

  async 'deliveries:retry'(context, { positionals }) {
    const webhookId = required(positionals[0], '<webhookId>');
    const deliveryId = required(positionals[1], '<deliveryId>');
    const { scope } = await findEndpointForSupport(context.db, webhookId);
    const engine = await deliveryEngine(context);
    const service = createWebhookDeliveryService({
      db: context.db,
      deliveryControl: engine.control,
      now: () => new Date(),
    });
    const queued = await service.retry(scope, webhookId, deliveryId, cliRequest(context));
    const ok = await engine.settled();
    context.print(
      `re-queued delivery ${deliveryId} of event ${queued.eventId} to endpoint ${webhookId} as manual retry ${queued.manualRetry}; ${started(ok, 'its workflow is')}`,
    );
  },

  async 'deliveries:recover'(context, { positionals, values }) {
    const webhookId = required(positionals[0], '<webhookId>');
    // Without --since, every failed delivery of the endpoint is sent again.
    const since = optionalDate(values.since, '--since') ?? new Date(0);
    const { scope } = await findEndpointForSupport(context.db, webhookId);
    const engine = await deliveryEngine(context);
    const service = createWebhookDeliveryService({
      db: context.db,
      deliveryControl: engine.control,
      now: () => new Date(),
    });
    const { queued } = await service.recover(scope, webhookId, since, cliRequest(context));
    const ok = await engine.settled();
    const count = `${queued} FAILED deliver${queued === 1 ? 'y' : 'ies'}`;
    context.print(
      `re-queued ${count} of endpoint ${webhookId} created since ${since.toISOString()}${queued > 0 ? `; ${started(ok, 'their workflows are')}` : ''}`,
    );
  },
};
