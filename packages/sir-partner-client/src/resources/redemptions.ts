import { pathOf } from '../http-transport.js';
import { allItems, type Page } from '../pagination.js';
import type {
  ListRedemptionsQuery,
  RedeemTokensInput,
  Redemption,
  UserRedemptionsQuery,
} from '../types/redemptions.js';
import type { ApiCalls } from './api-calls.js';

export function redemptionsResource(calls: ApiCalls) {
  const list = (query: ListRedemptionsQuery = {}) => calls.read<Page<Redemption>>('/v1/partner/redemptions', query);
  const listForUser = (externalUserId: string, query: UserRedemptionsQuery = {}) =>
    calls.read<Page<Redemption>>(pathOf`/v1/partner/users/${externalUserId}/redemptions`, query);
  return {
    /**
     * Spends a user's tokens as a gift to a nonprofit; idempotent by idempotencyKey. A rejection
     * (INSUFFICIENT_BALANCE, OUTSTANDING_DEBT, ORGANIZATION_NOT_ACTIVE) rejects with the redemption in details.
     */
    redeem: (externalUserId: string, input: RedeemTokensInput) =>
      calls.write<Redemption>('POST', pathOf`/v1/partner/users/${externalUserId}/redemptions`, input, {
        retrySafe: true,
      }),
    get: (redemptionId: string) => calls.read<Redemption>(pathOf`/v1/partner/redemptions/${redemptionId}`),
    list,
    listAll: (query: ListRedemptionsQuery = {}) => allItems(list, query),
    listForUser,
    listAllForUser: (externalUserId: string, query: UserRedemptionsQuery = {}) =>
      allItems((page) => listForUser(externalUserId, page), query),
  };
}
