import { Decimal } from 'decimal.js';
import type { Action } from '../db/schema.js';
import type { ReversalRefusal } from './reversal-types.js';

/** The action's reversed percentage once this reversal is applied; decimals, so 33.33 × 3 is exact. */
export function cumulativePercentage(action: Pick<Action, 'reversed_percentage'>, reversalPercentage: string): Decimal {
  return new Decimal(action.reversed_percentage).plus(reversalPercentage);
}

/**
 * Why the reversal cannot apply to the action, if it cannot. The API asks on an unlocked read to
 * refuse at once (the reversed percentage only grows, so that refusal stays true); the activity
 * asks again on the locked row before it applies anything.
 */
export function reversalRefusal(
  action: Pick<Action, 'id' | 'status' | 'reversed_percentage'>,
  reversalPercentage: string,
): ReversalRefusal | undefined {
  if (action.status !== 'COMPLETED') {
    return {
      code: 'NOT_REVERSIBLE',
      message: `action ${action.id} is ${action.status}; only COMPLETED actions can be reversed`,
    };
  }
  const cumulative = cumulativePercentage(action, reversalPercentage);
  if (cumulative.greaterThan(100)) {
    return {
      code: 'REVERSAL_LIMIT_EXCEEDED',
      message: `action ${action.id} is already ${new Decimal(action.reversed_percentage).toString()}% reversed; another ${reversalPercentage}% would exceed 100%`,
    };
  }
  return undefined;
}
