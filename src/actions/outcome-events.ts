import type { PartnerScope } from '../partner-scope.js';
import type { ActionCredit } from '../db/schema.js';
import type { NewEvent } from '../webhooks/event-outbox.js';
import { partnerUserView } from '../users/partner-user-view.js';
import type { ActionResult } from './action-types.js';
import type { PlannedAction } from './plan-action.js';

export interface OutcomeFacts {
  results: Map<string, ActionResult>;
  credits: Map<string, ActionCredit[]>;
  /** Users the batch created; each is announced by the first completed action that uses it. */
  createdUsers: Set<string>;
}

/**
 * The events of a batch's outcomes, each action's in the order it alone would record them. The
 * pool's alerts are poolAlertEvents': they depend on the balance, known once the pool is locked.
 */
export function outcomeEvents(
  scope: PartnerScope,
  planned: PlannedAction[],
  { results, credits, createdUsers }: OutcomeFacts,
): NewEvent[] {
  const events: NewEvent[] = [];
  const announced = new Set<string>();
  for (const { action, request, users, plan } of planned) {
    const result = results.get(action.id)!;
    const requestId = action.request_id;
    if (plan.status === 'FAILED') {
      events.push({ ...scope, requestId, type: 'action.failed', data: { ...result, actionType: action.action_type } });
      continue;
    }
    for (const user of 'users' in users ? users.users : []) {
      if (!createdUsers.has(user.id) || announced.has(user.id)) continue;
      announced.add(user.id);
      events.push({ ...scope, requestId, type: 'user.created', data: { user: partnerUserView(user) } });
    }
    for (const { transactionId, externalUserId, tokens, debtRepaid } of credits.get(action.id)!) {
      events.push({
        ...scope,
        requestId,
        type: 'transaction.completed',
        data: {
          transactionId,
          actionId: action.id,
          partnerUserId: externalUserId,
          tokens,
          debtRepaid,
          poolId: plan.poolId,
        },
      });
    }
    events.push({ ...scope, requestId, type: 'action.completed', data: { ...result, actionType: request.actionType } });
  }
  return events;
}
