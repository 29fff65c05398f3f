import type { PageQuery } from '../pagination.js';
import type { Environment, Metadata } from './common.js';

export interface PartnerUser {
  id: string;
  /** Your stable id for the user. */
  externalUserId: string;
  environment: Environment;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  metadata: Metadata;
  /** The full SIR account the user was upgraded to. */
  sirAccountId: string | null;
  upgradedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateUserInput {
  externalUserId: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  metadata?: Metadata;
}

export interface UpdateUserInput {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** Merged into the stored metadata; a key set to null is removed. */
  metadata?: Metadata;
}

export interface ListUsersQuery extends PageQuery {
  email?: string;
  /** ISO 8601 date-time. */
  createdAfter?: string;
  createdBefore?: string;
}

export interface UserBalance {
  externalUserId: string;
  balance: number;
  /** Owed to pools after reversals of spent tokens; repaid first from future rewards. */
  debt: number;
  availableBalance: number;
  totalEarned: number;
  totalReversed: number;
  totalSpent: number;
}
