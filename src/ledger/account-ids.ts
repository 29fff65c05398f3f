import type { AccountKind, Environment } from '../db/schema.js';

/** Accounts have deterministic ids, so posting never needs a lookup to find them. */
export interface AccountRef {
  id: string;
  kind: AccountKind;
  ownerId: string;
}

export const accounts = {
  allocation: (partnerId: string, environment: Environment): AccountRef => ({
    id: `allocation:${partnerId}:${environment}`,
    kind: 'allocation',
    ownerId: partnerId,
  }),
  redemption: (partnerId: string, environment: Environment): AccountRef => ({
    id: `redemption:${partnerId}:${environment}`,
    kind: 'redemption',
    ownerId: partnerId,
  }),
  pool: (poolId: string): AccountRef => ({ id: `pool:${poolId}`, kind: 'pool', ownerId: poolId }),
  /** What users owe a pool after reversals of tokens they had already spent. */
  poolReceivable: (poolId: string): AccountRef => ({
    id: `pool_receivable:${poolId}`,
    kind: 'pool_receivable',
    ownerId: poolId,
  }),
  user: (partnerUserId: string): AccountRef => ({ id: `user:${partnerUserId}`, kind: 'user', ownerId: partnerUserId }),
  /** A user's debt to one pool; negative while outstanding. */
  userDebt: (partnerUserId: string, poolId: string): AccountRef => ({
    id: `user_debt:${partnerUserId}:${poolId}`,
    kind: 'user_debt',
    ownerId: partnerUserId,
  }),
};
