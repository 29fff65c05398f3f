import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { BulkJobResult } from '../actions/bulk-job.js';
import { bulkActions, type BulkActionsInput } from '../../workflows/bulk-actions.js';
import { resultWithin } from './result-within.js';
import { SirEnvironment, SirPartnerId } from './search-attributes.js';
import { taskQueues } from './task-queues.js';
import { workflowIds } from './workflow-ids.js';

/** How the API drives bulk jobs. */
export interface BulkWorkflows {
  /** Starts the job's workflow; its result if it finishes within the wait, else null. */
  run(input: BulkActionsInput, waitMs: number): Promise<BulkJobResult | null>;
}

export function createBulkWorkflows(client: Client): BulkWorkflows {
  return {
    async run(input, waitMs) {
      const handle = await client.workflow.start(bulkActions, {
        workflowId: workflowIds.bulk(input.partnerId, input.environment, input.jobId),
        taskQueue: taskQueues.ledger,
        args: [input],
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SirPartnerId, value: input.partnerId },
          { key: SirEnvironment, value: input.environment },
        ]),
        memo: { items: input.items.length, requestId: input.requestId },
      });
      return resultWithin(handle, waitMs);
    },
  };
}
