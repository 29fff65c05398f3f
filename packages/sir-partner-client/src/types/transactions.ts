import type { PageQuery } from '../pagination.js';
import type { Environment } from './common.js';

export type TransactionKind = 'allocation' | 'reward' | 'reversal' | 'redemption';

export interface Transaction {
  id: string;
  kind: TransactionKind;
  description: string;
  tokens: number;
  actionId: string | null;
  reversalId: string | null;
  poolId: string | null;
  partnerUserId: string | null;
  environment: Environment;
  createdAt: string;
}

export interface TransactionDetail extends Transaction {
  /** Double entry: the amounts sum to zero. */
  entries: {
    accountKind: 'allocation' | 'pool' | 'pool_receivable' | 'user' | 'user_debt' | 'redemption';
    ownerId: string;
    partnerUserId: string | null;
    amount: number;
  }[];
}

export interface UserTransactionsQuery extends PageQuery {
  kind?: TransactionKind;
  actionId?: string;
  /** ISO 8601 date-time: created at or after. */
  from?: string;
  /** ISO 8601 date-time: created before. */
  to?: string;
}

export interface ListTransactionsQuery extends UserTransactionsQuery {
  partnerUserId?: string;
}
