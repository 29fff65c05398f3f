import type { RedemptionStatus } from '../db/schema.js';
import type { ErrorCode } from '../errors.js';

/** A redemption as the partner asked for it, for the user named in the path. */
export interface RedemptionRequest {
  idempotencyKey: string;
  tokens: number;
  organizationSlug: string;
  note?: string;
}

/** Business refusals: the redemption ends REJECTED with one of these, and is never retried. */
export type RedemptionRejectionCode = Extract<
  ErrorCode,
  'ORGANIZATION_NOT_ACTIVE' | 'OUTSTANDING_DEBT' | 'INSUFFICIENT_BALANCE'
>;

export interface RedemptionRejection {
  code: RedemptionRejectionCode;
  message: string;
}

/** The redemption as the API answers it and as its events carry it. */
export interface RedemptionView {
  redemptionId: string;
  idempotencyKey: string;
  partnerUserId: string;
  tokens: number;
  organizationSlug: string;
  organizationName: string;
  note: string | null;
  status: RedemptionStatus;
  transactionId: string | null;
  rejection?: RedemptionRejection;
  createdAt: string;
  reviewedAt: string | null;
  completedAt: string | null;
}
