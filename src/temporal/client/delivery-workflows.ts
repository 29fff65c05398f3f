import type { Client } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowNotFoundError } from '@temporalio/common';
import { deliverEvent } from '../../../workflows/deliver-event.js';
import { deliverWebhook } from '../../../workflows/deliver-webhook.js';
import { resumeDeliverySignal } from '../../../workflows/delivery-parking.js';
import { orderedTurnSignal } from '../../../workflows/delivery-messages.js';
import { deliveryPolicy } from '../../webhooks/delivery/delivery-policy.js';
import type { DeliveryWorkflows } from '../../webhooks/delivery-control.js';
import type { WebhookSettings } from '../../webhooks/webhook-settings.js';
import {
  SirEnvironment,
  SirEventType,
  SirPartnerId,
  SirWebhookId,
  SirWebhookIds,
} from '../contract/search-attributes.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';
import { startOrFind, startOrFindRun } from './start-or-find.js';
import { deliveryMemo, eventDeliveryMemo } from './workflow-memos.js';

/** Where delivery workflows run; tests on the time-skipping server (no custom search attributes) pass their own. */
export interface DeliveryWorkflowOptions {
  taskQueue: string;
  searchAttributes: boolean;
  /**
   * Ask the server to hand the first workflow task straight to a webhooks worker in this process,
   * so the first attempt (a local activity) runs without a trip through the task queue. Needs the
   * client built on that worker's NativeConnection; the time-skipping test server refuses it.
   */
  eagerStart?: boolean;
}

export const defaultDeliveryWorkflowOptions: DeliveryWorkflowOptions = {
  taskQueue: taskQueues.webhooks,
  searchAttributes: true,
};

export function createDeliveryWorkflows(
  client: Client,
  settings: WebhookSettings,
  options: DeliveryWorkflowOptions = defaultDeliveryWorkflowOptions,
): DeliveryWorkflows {
  return {
    async start(delivery, afterFirstAttempt) {
      await startOrFind(client, deliverWebhook, {
        workflowId: delivery.workflowId,
        taskQueue: options.taskQueue,
        requestEagerStart: options.eagerStart ?? false,
        args: [
          {
            deliveryId: delivery.id,
            policy: deliveryPolicy(settings),
            ...(afterFirstAttempt ? { afterFirstAttempt } : {}),
          },
        ],
        // A closed run is not started again under the same id: the pair is delivered once.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        ...(options.searchAttributes
          ? {
              typedSearchAttributes: new TypedSearchAttributes([
                { key: SirPartnerId, value: delivery.partnerId },
                { key: SirEnvironment, value: delivery.environment },
                { key: SirEventType, value: delivery.eventType },
                { key: SirWebhookId, value: delivery.endpointId },
              ]),
            }
          : {}),
        // Where it goes, for operators in the Web UI; never a secret.
        memo: deliveryMemo(delivery),
      });
    },

    async startEvent(eventId, deliveries) {
      const [first] = deliveries;
      if (!first) return [];
      const workflowId = workflowIds.eventDelivery(eventId);
      const { run, anew } = await startOrFindRun(client, deliverEvent, {
        workflowId,
        taskQueue: options.taskQueue,
        requestEagerStart: options.eagerStart ?? false,
        args: [
          {
            eventId,
            policy: deliveryPolicy(settings),
            deliveries: deliveries.map((delivery) => ({ deliveryId: delivery.id, workflowId: delivery.workflowId })),
          },
        ],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        ...(options.searchAttributes
          ? {
              typedSearchAttributes: new TypedSearchAttributes([
                { key: SirPartnerId, value: first.partnerId },
                { key: SirEnvironment, value: first.environment },
                { key: SirEventType, value: first.eventType },
                { key: SirWebhookIds, value: deliveries.map((delivery) => delivery.endpointId) },
              ]),
            }
          : {}),
        memo: eventDeliveryMemo(first, deliveries),
      });
      if (anew) return [];
      // Started before (a crash before its rows were marked, or the event's rows split across two
      // passes): it covers the deliveries its memo names; the others start on their own.
      const { memo } = await run.describe();
      const covered = new Set((memo?.deliveryIds as string[] | undefined) ?? []);
      return deliveries.filter((delivery) => !covered.has(delivery.id));
    },

    async cancel(workflowId) {
      try {
        await client.workflow.getHandle(workflowId).cancel();
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },

    async resume(workflowId, resume) {
      try {
        await client.workflow.getHandle(workflowId).signal(resumeDeliverySignal, resume);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },

    async wake(workflowId) {
      try {
        await client.workflow.getHandle(workflowId).signal(orderedTurnSignal);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}
