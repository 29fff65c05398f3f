import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, TransactionKind } from '../db/schema.js';
import { notFound } from '../errors.js';
import { decodeCursor, toPage } from '../pagination.js';
import { entryView, transactionView } from './transaction-view.js';

export interface TransactionFilters {
  kind?: TransactionKind;
  /** The external id of the user the transaction is for. */
  partnerUserId?: string;
  actionId?: string;
  from?: Date;
  to?: Date;
}

/** Ledger transactions of one partner and environment, with the external id of their user. */
function scopedTransactions(db: Kysely<Database>, scope: PartnerScope) {
  return db
    .selectFrom('ledger_transactions as t')
    .leftJoin('partner_users as u', 'u.id', 't.partner_user_id')
    .selectAll('t')
    .select('u.external_id as external_user_id')
    .where('t.partner_id', '=', scope.partnerId)
    .where('t.environment', '=', scope.environment);
}

export function createTransactionQueries(db: Kysely<Database>) {
  return {
    async list(scope: PartnerScope, filters: TransactionFilters, limit: number, cursor?: string) {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = await scopedTransactions(db, scope)
        .$if(filters.kind !== undefined, (q) => q.where('t.kind', '=', filters.kind!))
        .$if(filters.partnerUserId !== undefined, (q) => q.where('u.external_id', '=', filters.partnerUserId!))
        .$if(filters.actionId !== undefined, (q) => q.where('t.action_id', '=', filters.actionId!))
        .$if(filters.from !== undefined, (q) => q.where('t.created_at', '>=', filters.from!))
        .$if(filters.to !== undefined, (q) => q.where('t.created_at', '<', filters.to!))
        .$if(after !== undefined, (q) =>
          q.where(sql<boolean>`(t.created_at, t.id) < (${after!.createdAt}, ${after!.id})`),
        )
        .orderBy('t.created_at', 'desc')
        .orderBy('t.id', 'desc')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, transactionView);
    },

    /** One transaction with its entries, which sum to zero. */
    async get(scope: PartnerScope, transactionId: string) {
      const txn = await scopedTransactions(db, scope).where('t.id', '=', transactionId).executeTakeFirst();
      if (!txn) throw notFound('transaction');
      const entries = await db
        .selectFrom('ledger_entries as e')
        .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
        .leftJoin('partner_users as u', 'u.id', 'a.owner_id')
        .select(['a.kind as account_kind', 'a.owner_id', 'u.external_id as external_user_id', 'e.amount'])
        .where('e.transaction_id', '=', txn.id)
        .orderBy('e.id')
        .execute();
      return { ...transactionView(txn), entries: entries.map(entryView) };
    },
  };
}

export type TransactionQueries = ReturnType<typeof createTransactionQueries>;
