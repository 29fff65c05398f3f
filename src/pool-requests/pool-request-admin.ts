import type { Kysely } from 'kysely';
import type { Database, PoolRequestStatus } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { toPage } from '../pagination.js';
import { findPoolRequest, listPoolRequests } from './pool-request-repository.js';
import type { PoolRequestDecision, PoolRequestProcessing } from './pool-request-types.js';
import { adminPoolRequestView } from './pool-request-view.js';

export interface PoolRequestListFilters {
  status?: PoolRequestStatus;
  partnerId?: string;
}

/** Every partner's requests, newest first; PostgreSQL only. */
export async function listPoolRequestsForOperators(
  db: Kysely<Database>,
  filters: PoolRequestListFilters,
  limit: number,
  cursor?: string,
) {
  return toPage(await listPoolRequests(db, filters, limit, cursor), limit, adminPoolRequestView);
}

/** What operators do with allocation requests; the admin API and the ops CLI both call these. */
export function createPoolRequestAdmin({ db, workflows }: { db: Kysely<Database>; workflows: PoolRequestProcessing }) {
  async function load(requestId: string) {
    const request = await findPoolRequest(db, requestId);
    if (!request) throw notFound('pool request');
    return request;
  }

  /** Decided by the request's workflow, which settles it once; the answer is the request as settled. */
  async function decide(requestId: string, decision: PoolRequestDecision) {
    const request = await load(requestId);
    if (request.status !== 'PENDING')
      throw new ApiError('POOL_REQUEST_NOT_PENDING', `pool request ${requestId} is already ${request.status}`);
    await workflows.decide(requestId, decision);
    return adminPoolRequestView(await load(requestId));
  }

  return {
    list: (filters: PoolRequestListFilters, limit: number, cursor?: string) =>
      listPoolRequestsForOperators(db, filters, limit, cursor),

    approve(requestId: string, decidedBy: string, options: { tokens?: number; note?: string } = {}) {
      return decide(requestId, { kind: 'approve', decidedBy, ...options });
    },

    reject(requestId: string, decidedBy: string, reason: string) {
      return decide(requestId, { kind: 'reject', decidedBy, reason });
    },
  };
}

export type PoolRequestAdmin = ReturnType<typeof createPoolRequestAdmin>;
