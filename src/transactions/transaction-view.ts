import type { AccountKind, LedgerTransaction } from '../db/schema.js';

export type TransactionRow = LedgerTransaction & { external_user_id: string | null };

export interface EntryRow {
  account_kind: AccountKind;
  owner_id: string;
  external_user_id: string | null;
  amount: number;
}

export function transactionView(txn: TransactionRow) {
  return {
    id: txn.id,
    kind: txn.kind,
    description: txn.description,
    tokens: txn.tokens,
    actionId: txn.action_id,
    reversalId: txn.reversal_id,
    poolId: txn.pool_id,
    partnerUserId: txn.external_user_id,
    environment: txn.environment,
    createdAt: txn.created_at.toISOString(),
  };
}

/** One entry; `partnerUserId` is the owner's external id when a user owns the account. */
export function entryView(entry: EntryRow) {
  return {
    accountKind: entry.account_kind,
    ownerId: entry.owner_id,
    partnerUserId: entry.external_user_id,
    amount: entry.amount,
  };
}
