import type { ProcessingStatus } from '../db/schema.js';
import type { ErrorCode } from '../errors.js';

export interface Stakeholder {
  stakeholderTypeCode: string;
  partnerUserId: string;
  userEmail?: string;
  userFirstName?: string;
  userLastName?: string;
}

/** The action as the partner submitted it (after validation), stored with the action row. */
export interface ActionRequest {
  idempotencyKey: string;
  actionType: string;
  amount?: number;
  currency?: string;
  stakeholders: Stakeholder[];
  autoCreateUsers: boolean;
  metadata?: Record<string, unknown>;
  campaignId?: string;
}

/** Business refusals: the action ends FAILED with one of these, and is never retried. */
export type ActionFailureCode = Extract<
  ErrorCode,
  | 'NO_SANDBOX_POOL'
  | 'NO_ACTIVE_POOL'
  | 'INSUFFICIENT_POOL_BALANCE'
  | 'USER_NOT_FOUND'
  | 'CAMPAIGN_NOT_ACTIVE'
  | 'CAMPAIGN_BUDGET_EXHAUSTED'
>;

export interface ActionResult {
  actionId: string;
  idempotencyKey: string;
  status: ProcessingStatus;
  tokensDistributed: number;
  transactionIds: string[];
  failure?: { code: ActionFailureCode; message: string };
}
