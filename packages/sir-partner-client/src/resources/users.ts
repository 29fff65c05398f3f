import { pathOf } from '../http-transport.js';
import { allItems, type Page } from '../pagination.js';
import type { Transaction, UserTransactionsQuery } from '../types/transactions.js';
import type { CreateUserInput, ListUsersQuery, PartnerUser, UpdateUserInput, UserBalance } from '../types/users.js';
import type { ApiCalls } from './api-calls.js';

export function usersResource(calls: ApiCalls) {
  const list = (query: ListUsersQuery = {}) => calls.read<Page<PartnerUser>>('/v1/partner/users', query);
  const transactions = (externalUserId: string, query: UserTransactionsQuery = {}) =>
    calls.read<Page<Transaction>>(pathOf`/v1/partner/users/${externalUserId}/transactions`, query);
  return {
    list,
    listAll: (query: ListUsersQuery = {}) => allItems(list, query),
    /** 409 USER_ALREADY_EXISTS when the external id is taken. */
    create: (input: CreateUserInput) => calls.write<PartnerUser>('POST', '/v1/partner/users', input),
    get: (externalUserId: string) => calls.read<PartnerUser>(pathOf`/v1/partner/users/${externalUserId}`),
    update: (externalUserId: string, input: UpdateUserInput) =>
      calls.write<PartnerUser>('PATCH', pathOf`/v1/partner/users/${externalUserId}`, input),
    /** Links the user to a full SIR account; the same call again answers the same user. */
    upgrade: (externalUserId: string, sirAccountId: string) =>
      calls.write<PartnerUser>('POST', pathOf`/v1/partner/users/${externalUserId}/upgrade`, { sirAccountId }),
    balance: (externalUserId: string) => calls.read<UserBalance>(pathOf`/v1/partner/users/${externalUserId}/balance`),
    transactions,
    allTransactions: (externalUserId: string, query: UserTransactionsQuery = {}) =>
      allItems((page) => transactions(externalUserId, page), query),
  };
}
