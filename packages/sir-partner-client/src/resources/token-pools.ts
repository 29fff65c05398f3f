import { pathOf } from '../http-transport.js';
import { withIdempotencyKey } from '../idempotency-key.js';
import { allItems, type Page } from '../pagination.js';
import type {
  ListPoolRequestsQuery,
  PoolAllocationRequest,
  RequestAllocationInput,
  TokenPool,
  TokenPoolBalance,
} from '../types/token-pools.js';
import type { ApiCalls } from './api-calls.js';

export function tokenPoolsResource(calls: ApiCalls) {
  const listRequests = (query: ListPoolRequestsQuery = {}) =>
    calls.read<Page<PoolAllocationRequest>>('/v1/partner/token-pools/requests', query);
  return {
    /** A partner has a handful of pools: one unpaginated list. */
    list: () => calls.read<{ data: TokenPool[] }>('/v1/partner/token-pools'),
    balance: (poolId: string) => calls.read<TokenPoolBalance>(pathOf`/v1/partner/token-pools/${poolId}/balance`),
    /** Stays PENDING until a SIR Giving operator approves, rejects or lets it expire; idempotent by idempotencyKey (generated where absent). */
    requestAllocation: (input: RequestAllocationInput) =>
      calls.write<PoolAllocationRequest>('POST', '/v1/partner/token-pools/request', withIdempotencyKey(input), {
        retrySafe: true,
      }),
    listRequests,
    listAllRequests: (query: ListPoolRequestsQuery = {}) => allItems(listRequests, query),
  };
}
