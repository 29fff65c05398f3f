import type { PageQuery } from '../pagination.js';
import type { Environment, Failure, Metadata } from './common.js';

export type ActionStatus = 'PROCESSING' | 'COMPLETED' | 'FAILED';

export interface StakeholderInput {
  /** e.g. CUSTOMER or REFERRER. */
  stakeholderTypeCode: string;
  /** Your external user id. */
  partnerUserId: string;
  userEmail?: string;
  userFirstName?: string;
  userLastName?: string;
}

export interface SubmitActionInput {
  /** Stable key of the real-world event (e.g. `order_98765`); generated when absent, which only protects the client's own retries. */
  idempotencyKey?: string;
  /** e.g. PURCHASE, VOLUNTEER, REFERRAL. */
  actionType: string;
  amount?: number;
  /** ISO 4217, given together with amount. */
  currency?: string;
  stakeholders: StakeholderInput[];
  autoCreateUsers?: boolean;
  metadata?: Metadata;
  campaignId?: string;
}

export interface ActionResult {
  actionId: string;
  idempotencyKey: string;
  status: ActionStatus;
  tokensDistributed: number;
  transactionIds: string[];
  failure?: Failure;
}

export interface Action extends ActionResult {
  actionType: string;
  amount: number | null;
  currency: string | null;
  campaignId: string | null;
  poolId: string | null;
  environment: Environment;
  stakeholders: {
    partnerUserId: string;
    stakeholderTypeCode: string;
    tokens: number;
    debtRepaid: number;
    transactionId: string;
  }[];
  metadata: Metadata;
  tokensReversed: number;
  reversedPercentage: number;
  createdAt: string;
  completedAt: string | null;
}

export interface ListActionsQuery extends PageQuery {
  status?: ActionStatus;
  actionType?: string;
  partnerUserId?: string;
  from?: string;
  to?: string;
}

export interface ReverseActionInput {
  /** Share of the original reward; all reversals of an action add up to at most 100. */
  reversalPercentage: number;
  reason: string;
  /** Stable key of the refund; retries reuse it. */
  refundIdempotencyKey: string;
}

export interface ReversalResult {
  reversalId: string;
  actionId: string;
  refundIdempotencyKey: string;
  status: ActionStatus;
  reversalPercentage: number;
  tokensReversed: number;
  tokensReturned: number;
  debtCreated: number;
  transactionIds: string[];
  failure?: Failure;
}

/** An item refused before processing, e.g. IDEMPOTENCY_KEY_REUSED. */
export interface BulkItemError {
  idempotencyKey: string;
  error: { code: string; message: string; details?: unknown };
}

export interface BulkJob {
  jobId: string;
  status: ActionStatus;
  total: number;
  completed: number;
  failed: number;
  /** One per submitted action, in order. */
  results: (ActionResult | BulkItemError)[];
}
