import type { PageQuery } from '../pagination.js';
import type { Environment } from './common.js';

export type TokenPoolStatus = 'ACTIVE' | 'INACTIVE';

export interface TokenPool {
  id: string;
  name: string;
  environment: Environment;
  status: TokenPoolStatus;
  balance: number;
  lowBalanceThreshold: number;
  isLowBalance: boolean;
  createdAt: string;
}

export interface TokenPoolBalance {
  poolId: string;
  balance: number;
  lowBalanceThreshold: number;
  isLowBalance: boolean;
  status: TokenPoolStatus;
}

export type PoolRequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED';

export interface PoolAllocationRequest {
  id: string;
  /** The pool credited on approval; null when a new pool is opened on approval. */
  poolId: string | null;
  environment: Environment;
  status: PoolRequestStatus;
  tokensRequested: number;
  tokensApproved: number | null;
  reason: string;
  decisionNote: string | null;
  expiresAt: string;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RequestAllocationInput {
  tokens: number;
  /** Why, for the SIR Giving operator who decides. */
  reason: string;
  /** By default the active pool of the key's environment, or a new pool when there is none. */
  poolId?: string;
  /** A retry with the same key answers the request already made; the client generates one when absent. */
  idempotencyKey?: string;
}

export interface ListPoolRequestsQuery extends PageQuery {
  status?: PoolRequestStatus;
}
