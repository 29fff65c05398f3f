import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { requestFingerprint } from '../actions/action-fingerprint.js';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, PoolRequestStatus, TokenPoolRequest } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { toPage } from '../pagination.js';
import { findActivePool, selectPoolsWithBalance } from '../pools/token-pool-repository.js';
import { findPoolRequest, insertPoolRequest, listPoolRequests } from './pool-request-repository.js';
import type { PoolRequestProcessing } from './pool-request-types.js';
import { poolRequestView } from './pool-request-view.js';

export interface PoolRequestInput {
  tokens: number;
  reason: string;
  poolId?: string;
  idempotencyKey?: string;
}

export interface PoolRequestServiceDeps {
  db: Kysely<Database>;
  workflows: PoolRequestProcessing;
  /** How long a request waits for an operator before it expires. */
  expiryHours: number;
  now?: () => Date;
}

const hourMs = 3_600_000;

/** The pool named, else the partner's active pool in that environment, else null: a new pool on approval. */
async function poolToCredit(
  db: Kysely<Database>,
  scope: PartnerScope,
  poolId: string | undefined,
): Promise<string | null> {
  if (poolId === undefined) return (await findActivePool(db, scope))?.id ?? null;
  const pool = await selectPoolsWithBalance(db, scope).where('p.id', '=', poolId).executeTakeFirst();
  if (!pool) throw notFound('token pool');
  if (pool.status !== 'ACTIVE')
    throw new ApiError('NO_ACTIVE_POOL', `token pool ${poolId} is ${pool.status}; request tokens for an active pool`);
  return pool.id;
}

/**
 * A request sent with an idempotencyKey gets an id derived from the key, so a retry, even one
 * racing the first attempt or coming after a crash between starting the workflow and answering,
 * meets the same row and the same workflow.
 */
export function poolRequestIdForKey(scope: PartnerScope, idempotencyKey: string): string {
  const digest = createHash('sha256')
    .update(`${scope.partnerId}\n${scope.environment}\n${idempotencyKey}`)
    .digest('hex');
  return `tpr_${digest.slice(0, 24)}`;
}

/** The stored request if it was made with this body; the same key with another body is refused. */
function sameBody(stored: TokenPoolRequest, fingerprint: string | null): TokenPoolRequest {
  if (stored.request_fingerprint === fingerprint) return stored;
  throw new ApiError(
    'IDEMPOTENCY_KEY_REUSED',
    `idempotencyKey "${stored.idempotency_key}" was already used with a different request body`,
    {
      poolRequestId: stored.id,
    },
  );
}

/** What partners do with allocation requests: ask, and follow their requests. */
export function createPoolRequestService({
  db,
  workflows,
  expiryHours,
  now = () => new Date(),
}: PoolRequestServiceDeps) {
  return {
    /**
     * The workflow starts first, as the durable record of the request; its first step inserts
     * the row, and so does this call (idempotently), so the answer never waits on a worker.
     */
    async request(scope: PartnerScope, input: PoolRequestInput, requestId: string | null) {
      const { idempotencyKey, ...body } = input;
      const id = idempotencyKey === undefined ? newId('tpr') : poolRequestIdForKey(scope, idempotencyKey);
      const fingerprint = idempotencyKey === undefined ? null : requestFingerprint(body);
      const earlier = idempotencyKey === undefined ? undefined : await findPoolRequest(db, id);
      if (earlier) return { request: poolRequestView(sameBody(earlier, fingerprint)), replayed: true };
      const request = {
        id,
        ...scope,
        poolId: await poolToCredit(db, scope, body.poolId),
        tokens: body.tokens,
        reason: body.reason,
        expiresAt: new Date(now().getTime() + expiryHours * hourMs).toISOString(),
        requestId,
        idempotencyKey: idempotencyKey ?? null,
        fingerprint,
      };
      await workflows.start(request);
      await insertPoolRequest(db, request);
      const stored = sameBody((await findPoolRequest(db, id))!, fingerprint);
      // A concurrent attempt with the same key may have made the request first.
      return { request: poolRequestView(stored), replayed: stored.request_id !== requestId };
    },

    async list(scope: PartnerScope, status: PoolRequestStatus | undefined, limit: number, cursor?: string) {
      return toPage(await listPoolRequests(db, { scope, status }, limit, cursor), limit, poolRequestView);
    },
  };
}

export type PoolRequestService = ReturnType<typeof createPoolRequestService>;
