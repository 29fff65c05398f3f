import type { PageQuery } from '../pagination.js';
import type { Failure } from './common.js';

export type RedemptionStatus = 'PENDING' | 'APPROVED' | 'COMPLETED' | 'REJECTED';

export interface Redemption {
  redemptionId: string;
  idempotencyKey: string;
  partnerUserId: string;
  tokens: number;
  organizationSlug: string;
  organizationName: string;
  note: string | null;
  status: RedemptionStatus;
  transactionId: string | null;
  rejection?: Failure;
  createdAt: string;
  reviewedAt: string | null;
  completedAt: string | null;
}

export interface RedeemTokensInput {
  /** Stable key of this redemption; retries reuse it. */
  idempotencyKey: string;
  tokens: number;
  /** The receiving nonprofit, e.g. feeding-america. */
  organizationSlug: string;
  note?: string;
}

export interface UserRedemptionsQuery extends PageQuery {
  status?: RedemptionStatus;
}

export interface ListRedemptionsQuery extends UserRedemptionsQuery {
  partnerUserId?: string;
}
