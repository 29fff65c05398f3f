import type { Action } from '../db/schema.js';
import type { ActionFailureCode, ActionResult } from './action-types.js';

export function actionResult(
  action: Pick<
    Action,
    'id' | 'idempotency_key' | 'status' | 'tokens_distributed' | 'credits' | 'failure_code' | 'failure_reason'
  >,
): ActionResult {
  return {
    actionId: action.id,
    idempotencyKey: action.idempotency_key,
    status: action.status,
    tokensDistributed: action.tokens_distributed,
    transactionIds: action.credits.map((c) => c.transactionId),
    ...(action.status === 'FAILED' && {
      failure: { code: action.failure_code as ActionFailureCode, message: action.failure_reason ?? '' },
    }),
  };
}

/** The detailed view of GET /actions/:id and the list. */
export function actionView(action: Action) {
  return {
    ...actionResult(action),
    actionType: action.action_type,
    amount: action.amount === null ? null : Number(action.amount),
    currency: action.currency,
    campaignId: action.campaign_id,
    poolId: action.pool_id,
    environment: action.environment,
    stakeholders: action.credits.map((c) => ({
      partnerUserId: c.externalUserId,
      stakeholderTypeCode: c.stakeholderTypeCode,
      tokens: c.tokens,
      debtRepaid: c.debtRepaid,
      transactionId: c.transactionId,
    })),
    metadata: (action.request.metadata as Record<string, unknown> | undefined) ?? {},
    tokensReversed: action.tokens_reversed,
    reversedPercentage: Number(action.reversed_percentage),
    createdAt: action.created_at.toISOString(),
    completedAt: action.completed_at?.toISOString() ?? null,
  };
}
