import type { Client, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { ActionProcessing } from '../../actions/action-submission.js';
import { processAction } from '../../../workflows/process-action.js';
import { resultWithin } from './result-within.js';
import { startOrFindRun, type EagerStartOption } from './start-or-find.js';
import { SirActionId, SirActionType, SirEnvironment, SirPartnerId } from '../contract/search-attributes.js';
import { taskQueues } from '../contract/task-queues.js';
import { actionMemo } from './workflow-memos.js';
import { workflowIds } from '../contract/workflow-ids.js';

/** Action processing over processAction workflows; tests and the API share it. */
export type ActionWorkflows = ActionProcessing<WorkflowHandle<typeof processAction>>;

export function createActionWorkflows(
  client: Client,
  { eagerStart }: EagerStartOption = { eagerStart: false },
): ActionWorkflows {
  return {
    async start(action) {
      const workflowId = workflowIds.action(action.partner_id, action.environment, action.idempotency_key);
      return startOrFindRun(client, processAction, {
        workflowId,
        taskQueue: taskQueues.ledger,
        requestEagerStart: eagerStart,
        args: [{ actionId: action.id }],
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SirPartnerId, value: action.partner_id },
          { key: SirEnvironment, value: action.environment },
          { key: SirActionId, value: action.id },
          { key: SirActionType, value: action.action_type },
        ]),
        memo: actionMemo(action),
      });
    },

    resultWithin,
  };
}
