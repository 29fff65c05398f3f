import type { RedemptionRejection } from './redemption-types.js';

/** What the review of one redemption looks at. */
export interface RedemptionStanding {
  tokens: number;
  organizationActive: boolean;
  /** Tokens on the user's balance. */
  balance: number;
  /** Tokens the user owes pools after reversals of tokens already spent. */
  debt: number;
}

/**
 * Why a redemption cannot be approved, if it cannot. Debt comes before balance: tokens a reversal
 * took back but the user had already spent must be repaid before the user spends again.
 */
export function redemptionRejection(standing: RedemptionStanding): RedemptionRejection | undefined {
  if (!standing.organizationActive) {
    return { code: 'ORGANIZATION_NOT_ACTIVE', message: 'the organization no longer accepts gifts' };
  }
  if (standing.debt > 0) {
    return {
      code: 'OUTSTANDING_DEBT',
      message: `the user owes ${standing.debt} tokens from reversed rewards; debt is repaid before tokens can be spent`,
    };
  }
  if (standing.balance < standing.tokens) {
    return {
      code: 'INSUFFICIENT_BALANCE',
      message: `the user holds ${standing.balance} tokens, fewer than the ${standing.tokens} requested`,
    };
  }
  return undefined;
}
