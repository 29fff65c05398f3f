import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes, WorkflowNotFoundError } from '@temporalio/common';
import { ApiError } from '../../errors.js';
import type { PoolRequestProcessing, PoolRequestRefusal } from '../../pool-requests/pool-request-types.js';
import { poolAllocationRequest } from '../../../workflows/pool-allocation-request.js';
import { decidePoolRequestUpdate } from '../../../workflows/pool-request-messages.js';
import { SirEnvironment, SirPartnerId } from '../contract/search-attributes.js';
import { startOrFind } from './start-or-find.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';

/** Where requests run; tests on the time-skipping server (no custom search attributes) pass their own. */
export interface PoolRequestWorkflowOptions {
  taskQueue: string;
  searchAttributes: boolean;
}

export const defaultPoolRequestWorkflowOptions: PoolRequestWorkflowOptions = {
  taskQueue: taskQueues.ledger,
  searchAttributes: true,
};

const refusalCodes: readonly string[] = [
  'POOL_REQUEST_NOT_PENDING',
  'INVALID_POOL_REQUEST_DECISION',
] satisfies PoolRequestRefusal['code'][];

function refusalOf(requestId: string, error: unknown): ApiError | undefined {
  // The workflow has settled the request (decided or expired) and finished.
  if (error instanceof WorkflowNotFoundError)
    return new ApiError('POOL_REQUEST_NOT_PENDING', `pool request ${requestId} is no longer PENDING`);
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type && refusalCodes.includes(cause.type)) {
    return new ApiError(cause.type as PoolRequestRefusal['code'], cause.message);
  }
  return undefined;
}

export function createPoolRequestWorkflows(
  client: Client,
  options: PoolRequestWorkflowOptions = defaultPoolRequestWorkflowOptions,
): PoolRequestProcessing {
  return {
    async start(request) {
      // A request with an idempotency key has a fixed id: a racing retry finds the running workflow.
      await startOrFind(client, poolAllocationRequest, {
        workflowId: workflowIds.poolRequest(request.id),
        taskQueue: options.taskQueue,
        args: [{ request }],
        ...(options.searchAttributes && {
          typedSearchAttributes: new TypedSearchAttributes([
            { key: SirPartnerId, value: request.partnerId },
            { key: SirEnvironment, value: request.environment },
          ]),
        }),
        memo: { tokens: request.tokens, expiresAt: request.expiresAt },
      });
    },

    async decide(requestId, decision) {
      const handle = client.workflow.getHandle<typeof poolAllocationRequest>(workflowIds.poolRequest(requestId));
      try {
        return await handle.executeUpdate(decidePoolRequestUpdate, { args: [decision] });
      } catch (error) {
        throw refusalOf(requestId, error) ?? error;
      }
    },
  };
}
