import type { ProcessingStatus } from '../db/schema.js';
import type { ErrorCode } from '../errors.js';

/** The reversal as the partner asked for it, for one action. */
export interface ReversalRequest {
  reversalPercentage: number;
  reason: string;
  refundIdempotencyKey: string;
}

/** Business refusals: the reversal ends FAILED with one of these, and is never retried. */
export type ReversalFailureCode = Extract<ErrorCode, 'NOT_REVERSIBLE' | 'REVERSAL_LIMIT_EXCEEDED'>;

export interface ReversalRefusal {
  code: ReversalFailureCode;
  message: string;
}

export interface ReversalResult {
  reversalId: string;
  actionId: string;
  refundIdempotencyKey: string;
  status: ProcessingStatus;
  reversalPercentage: number;
  /** tokensReturned + debtCreated. */
  tokensReversed: number;
  tokensReturned: number;
  debtCreated: number;
  transactionIds: string[];
  failure?: ReversalRefusal;
}
