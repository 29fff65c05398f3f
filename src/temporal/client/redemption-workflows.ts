import type { Client, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { RedemptionProcessing } from '../../redemptions/redemption-submission.js';
import { redeemTokens } from '../../../workflows/redeem-tokens.js';
import { resultWithin } from './result-within.js';
import { startOrFind, type EagerStartOption } from './start-or-find.js';
import { SirEnvironment, SirPartnerId } from '../contract/search-attributes.js';
import { taskQueues } from '../contract/task-queues.js';
import { workflowIds } from '../contract/workflow-ids.js';

/** Redemption processing over redeemTokens workflows, as the API drives it. */
export type RedemptionWorkflows = RedemptionProcessing<WorkflowHandle<typeof redeemTokens>>;

export function createRedemptionWorkflows(
  client: Client,
  { eagerStart }: EagerStartOption = { eagerStart: false },
): RedemptionWorkflows {
  return {
    async start(redemption) {
      const workflowId = workflowIds.redemption(
        redemption.partner_id,
        redemption.environment,
        redemption.idempotency_key,
      );
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
