import { pathOf } from '../http-transport.js';
import { allItems, type Page } from '../pagination.js';
import type { ListTransactionsQuery, Transaction, TransactionDetail } from '../types/transactions.js';
import type { ApiCalls } from './api-calls.js';

export function transactionsResource(calls: ApiCalls) {
  const list = (query: ListTransactionsQuery = {}) => calls.read<Page<Transaction>>('/v1/partner/transactions', query);
  return {
    list,
    listAll: (query: ListTransactionsQuery = {}) => allItems(list, query),
    /** With its ledger entries. */
    get: (transactionId: string) => calls.read<TransactionDetail>(pathOf`/v1/partner/transactions/${transactionId}`),
  };
}
