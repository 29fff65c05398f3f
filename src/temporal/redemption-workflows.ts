import type { Client, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Redemption } from '../db/schema.js';
import type { RedemptionView } from '../redemptions/redemption-types.js';
import { redeemTokens } from '../../workflows/redeem-tokens.js';
import { resultWithin } from './result-within.js';
import { startOrFind, type EagerStartOption } from './start-or-find.js';
import { SirEnvironment, SirPartnerId } from './contract/search-attributes.js';
import { taskQueues } from './contract/task-queues.js';
import { workflowIds } from './contract/workflow-ids.js';

/** How the API drives redemption workflows. */
export interface RedemptionWorkflows {
  /** Starts the redemption's workflow, or finds the one already running under its id. */
  start(redemption: Redemption): Promise<WorkflowHandle<typeof redeemTokens>>;
  /** The result if the workflow finishes within the wait, else null. */
  resultWithin(handle: WorkflowHandle<typeof redeemTokens>, waitMs: number): Promise<RedemptionView | null>;
}

export function createRedemptionWorkflows(client: Client, { eagerStart }: EagerStartOption = { eagerStart: false }): RedemptionWorkflows {
  return {
    async start(redemption) {
      const workflowId = workflowIds.redemption(redemption.partner_id, redemption.environment, redemption.idempotency_key);
      return startOrFind(client, redeemTokens, {
        workflowId,
        taskQueue: taskQueues.ledger,
        requestEagerStart: eagerStart,
        args: [{ redemptionId: redemption.id }],
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SirPartnerId, value: redemption.partner_id },
          { key: SirEnvironment, value: redemption.environment },
        ]),
        memo: { redemptionId: redemption.id, tokens: redemption.tokens },
      });
    },
    resultWithin,
  };
}
