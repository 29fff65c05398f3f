import type { Kysely } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { Database, PoolRequestStatus } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { toPage } from '../pagination.js';
import { findActivePool, selectPoolsWithBalance } from '../pools/token-pool-repository.js';
import type { PoolRequestWorkflows } from '../temporal/pool-request-workflows.js';
import { findPoolRequest, insertPoolRequest, listPoolRequests } from './pool-request-repository.js';
import { poolRequestView } from './pool-request-view.js';

export interface PoolRequestInput {
  tokens: number;
  reason: string;
  poolId?: string;
}

export interface PoolRequestServiceDeps {
  db: Kysely<Database>;
  workflows: PoolRequestWorkflows;
  /** How long a request waits for an operator before it expires. */
  expiryHours: number;
  now?: () => Date;
}

const hourMs = 3_600_000;

/** The pool named, else the partner's active pool in that environment, else null: a new pool on approval. */
async function poolToCredit(db: Kysely<Database>, scope: PartnerScope, poolId: string | undefined): Promise<string | null> {
  if (poolId === undefined) return (await findActivePool(db, scope))?.id ?? null;
  const pool = await selectPoolsWithBalance(db, scope).where('p.id', '=', poolId).executeTakeFirst();
  if (!pool) throw notFound('token pool');
  if (pool.status !== 'ACTIVE') throw new ApiError('NO_ACTIVE_POOL', `token pool ${poolId} is ${pool.status}; request tokens for an active pool`);
  return pool.id;
}

/** What partners do with allocation requests: ask, and follow their requests. */
export function createPoolRequestService({ db, workflows, expiryHours, now = () => new Date() }: PoolRequestServiceDeps) {
  return {
    /**
     * The workflow starts first, as the durable record of the request; its first step inserts
     * the row, and so does this call (idempotently), so the answer never waits on a worker.
     */
    async request(scope: PartnerScope, input: PoolRequestInput, requestId: string | null) {
      const request = {
        id: newId('tpr'),
        ...scope,
        poolId: await poolToCredit(db, scope, input.poolId),
        tokens: input.tokens,
        reason: input.reason,
        expiresAt: new Date(now().getTime() + expiryHours * hourMs).toISOString(),
        requestId,
      };
      await workflows.start(request);
      await insertPoolRequest(db, request);
      return poolRequestView((await findPoolRequest(db, request.id))!);
    },

    async list(scope: PartnerScope, status: PoolRequestStatus | undefined, limit: number, cursor?: string) {
      return toPage(await listPoolRequests(db, { scope, status }, limit, cursor), limit, poolRequestView);
    },
  };
}

export type PoolRequestService = ReturnType<typeof createPoolRequestService>;
