import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PartnerScope } from '../partner-scope.js';
import type { ActionResult } from './action-types.js';
import { applyActions, type ApplyActionsOptions } from './apply-action.js';
import { createGroupCommit } from './group-commit.js';

export interface PoolCommitQueueOptions extends ApplyActionsOptions {
  db: Kysely<Database>;
  /** The most actions one transaction applies. */
  maxBatchSize?: number;
  /** How many batches of one pool may run at once: they overlap all but their balance updates and commits. */
  maxConcurrentBatches?: number;
}

const scopeKey = ({ partnerId, environment }: PartnerScope) => `${partnerId}/${environment}`;

/** Each id's queue key (its partner and environment), for many ids with one query. */
async function scopeKeys(db: Kysely<Database>, ids: string[]): Promise<PromiseSettledResult<string>[]> {
  const rows = await db
    .selectFrom('actions')
    .select(['id', 'partner_id', 'environment'])
    .where('id', 'in', ids)
    .execute();
  const keys = new Map(
    rows.map((row) => [row.id, scopeKey({ partnerId: row.partner_id, environment: row.environment })]),
  );
  return ids.map((id) => {
    const key = keys.get(id);
    return key === undefined
      ? { status: 'rejected', reason: new Error(`action ${id} does not exist`) }
      : { status: 'fulfilled', value: key };
  });
}

/**
 * Group commit per pool: the actions of one partner and environment, which all draw from its
 * active pool, that arrive while its batches run are applied together in the next one. The
 * pool's lock, its balance update and the commit are paid once per batch instead of once per
 * action, and a batch holds the lock only for its balance updates and commit (applyActions), so
 * batches of one pool, from this process or others, overlap in everything else.
 */
export function createPoolCommitQueue({
  db,
  maxBatchSize = 128,
  maxConcurrentBatches = 2,
  ...options
}: PoolCommitQueueOptions) {
  // Finding each action's pool is batched the same way, so it costs one query per batch too.
  const lookups = createGroupCommit<string>({ maxBatchSize: 1000, commit: (_all, ids) => scopeKeys(db, ids) });
  const pools = createGroupCommit<ActionResult>({
    maxBatchSize,
    maxConcurrentBatches,
    commit: (_scope, ids) => applyActions(db, ids, options),
  });

  async function applyAllUnder(key: string, actionIds: string[]): Promise<ActionResult[]> {
    const outcomes = await pools.submitAll(key, actionIds);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    if (refused) throw refused.reason;
    return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<ActionResult>).value);
  }

  return {
    /** applyAction's result for this action, applied in a batch with its pool's other actions. */
    async apply(actionId: string): Promise<ActionResult> {
      return pools.submit(await lookups.submit('actions', actionId), actionId);
    },

    /**
     * The results of actions of one partner and environment (a bulk job's), applied in one batch
     * in their order, so when the pool runs short it is their later actions that are refused.
     * Throws if any of them could not be applied: its retry answers the others' stored results.
     */
    async applyAll(actionIds: string[]): Promise<ActionResult[]> {
      if (actionIds.length === 0) return [];
      const keys = new Set(await Promise.all(actionIds.map((id) => lookups.submit('actions', id))));
      if (keys.size !== 1)
        throw new Error(`actions applied together must share a partner and environment, and these span ${keys.size}`);
      return applyAllUnder([...keys][0]!, actionIds);
    },

    /**
     * applyAll for actions the caller registered under this scope (a bulk job's), without the
     * query that finds it.
     */
    async applyAllIn(scope: PartnerScope, actionIds: string[]): Promise<ActionResult[]> {
      if (actionIds.length === 0) return [];
      return applyAllUnder(scopeKey(scope), actionIds);
    },
  };
}

export type PoolCommitQueue = ReturnType<typeof createPoolCommitQueue>;
