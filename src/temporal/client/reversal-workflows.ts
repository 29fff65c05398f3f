import type { Client, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { ReversalProcessing } from '../../reversals/reversal-submission.js';
import { reverseAction } from '../../../workflows/reverse-action.js';
import { resultWithin } from './result-within.js';
import { startOrFind, type EagerStartOption } from './start-or-find.js';
import { SirActionId, SirEnvironment, SirPartnerId } from '../contract/search-attributes.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';

/** Reversal processing over reverseAction workflows, as the API drives it. */
export type ReversalWorkflows = ReversalProcessing<WorkflowHandle<typeof reverseAction>>;

export function createReversalWorkflows(
  client: Client,
  { eagerStart }: EagerStartOption = { eagerStart: false },
): ReversalWorkflows {
  return {
    async start(reversal) {
      const workflowId = workflowIds.reversal(
        reversal.partner_id,
        reversal.environment,
        reversal.refund_idempotency_key,
      );
      return startOrFind(client, reverseAction, {
        workflowId,
        taskQueue: taskQueues.ledger,
        requestEagerStart: eagerStart,
        args: [{ reversalId: reversal.id }],
        // The reversed action's id: an operator finds an action's reversals next to it.
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SirPartnerId, value: reversal.partner_id },
          { key: SirEnvironment, value: reversal.environment },
          { key: SirActionId, value: reversal.action_id },
        ]),
        memo: { reversalPercentage: reversal.reversal_percentage },
      });
    },
    resultWithin,
  };
}
