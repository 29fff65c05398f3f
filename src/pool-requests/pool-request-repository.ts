import type { Kysely, Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, PoolRequestStatus } from '../db/schema.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import type { NewPoolRequest } from './pool-request-types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts the request as PENDING unless it exists (its id, or its idempotency key, derived together); the API and the workflow both call it. */
export async function insertPoolRequest(db: Db, request: NewPoolRequest): Promise<void> {
  await db
    .insertInto('token_pool_requests')
    .values({
      id: request.id,
      partner_id: request.partnerId,
      environment: request.environment,
      pool_id: request.poolId,
      tokens_requested: request.tokens,
      reason: request.reason,
      status: 'PENDING',
      expires_at: request.expiresAt,
      request_id: request.requestId,
      idempotency_key: request.idempotencyKey ?? null,
      request_fingerprint: request.fingerprint ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findPoolRequest(db: Db, requestId: string) {
  return db.selectFrom('token_pool_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
}

export interface PoolRequestFilters {
  status?: PoolRequestStatus;
  partnerId?: string;
  scope?: PartnerScope;
}

/** One newest-first page, for a partner (scope) or across partners (operators). */
export async function listPoolRequests(db: Db, filters: PoolRequestFilters, limit: number, cursor?: string) {
  const { status, partnerId, scope } = filters;
  return db
    .selectFrom('token_pool_requests')
    .selectAll()
    .$if(scope !== undefined, (q) =>
      q.where('partner_id', '=', scope!.partnerId).where('environment', '=', scope!.environment),
    )
    .$if(partnerId !== undefined, (q) => q.where('partner_id', '=', partnerId!))
    .$if(status !== undefined, (q) => q.where('status', '=', status!))
    .$call((q) => newestFirstPage(q, limit, cursor))
    .execute();
}
