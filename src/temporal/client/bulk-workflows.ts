import type { Client, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { BulkJobProcessing } from '../../actions/bulk-submission.js';
import { bulkActions } from '../../../workflows/bulk-actions.js';
import { resultWithin } from './result-within.js';
import type { EagerStartOption } from './start-or-find.js';
import { SirEnvironment, SirPartnerId } from '../contract/search-attributes.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';

/** Bulk jobs over bulkActions workflows, as the API drives them. */
export type BulkWorkflows = BulkJobProcessing<WorkflowHandle<typeof bulkActions>>;

export function createBulkWorkflows(
  client: Client,
  { eagerStart }: EagerStartOption = { eagerStart: false },
): BulkWorkflows {
  return {
    async start(input) {
      return client.workflow.start(bulkActions, {
        workflowId: workflowIds.bulk(input.partnerId, input.environment, input.jobId),
        taskQueue: taskQueues.ledger,
        requestEagerStart: eagerStart,
        args: [input],
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SirPartnerId, value: input.partnerId },
          { key: SirEnvironment, value: input.environment },
        ]),
        memo: { items: input.items.length, requestId: input.requestId },
      });
    },
    resultWithin,
  };
}
