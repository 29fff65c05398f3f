import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, TokenPoolRequest } from '../db/schema.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import { allocateToPool } from '../pools/allocate-to-pool.js';
import { openTokenPool } from '../pools/create-token-pool.js';
import { recordPoolAlerts } from '../pools/record-pool-alerts.js';
import type { PoolRequestOutcome, SettlePoolRequestInput } from './pool-request-types.js';
import { poolRequestView } from './pool-request-view.js';

const outcomeOf = (row: TokenPoolRequest): PoolRequestOutcome => ({
  requestId: row.id,
  status: row.status as PoolRequestOutcome['status'],
  poolId: row.pool_id,
  tokensApproved: row.tokens_approved,
});

const poolName = (scope: PartnerScope) => (scope.environment === 'production' ? 'Production pool' : 'Sandbox pool');

/** The pool to credit: the one asked for, or a new one (warned below a tenth of its first allocation). */
async function poolFor(
  trx: Transaction<Database>,
  scope: PartnerScope,
  row: TokenPoolRequest,
  tokens: number,
): Promise<string> {
  if (row.pool_id) return row.pool_id;
  const pool = await openTokenPool(trx, scope, {
    name: poolName(scope),
    initialTokens: 0,
    lowBalanceThreshold: Math.floor(tokens / 10),
  });
  return pool.id;
}

/**
 * Settles a request in one transaction: status, ledger credit, pool alert flag and events. The
 * request row is locked and must still be PENDING, so an activity retried after its commit finds
 * it settled and returns the same outcome without crediting twice.
 */
export async function settlePoolRequest(
  db: Kysely<Database>,
  { requestId, settlement, at }: SettlePoolRequestInput,
): Promise<PoolRequestOutcome> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('token_pool_requests')
      .selectAll()
      .where('id', '=', requestId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new Error(`pool request ${requestId} does not exist`);
    if (row.status !== 'PENDING') return outcomeOf(row);
    const scope = { partnerId: row.partner_id, environment: row.environment };
    const update = trx
      .updateTable('token_pool_requests')
      .set({ decided_at: new Date(at), updated_at: sql`now()` })
      .where('id', '=', requestId);

    if (settlement.kind === 'expire') {
      return outcomeOf(await update.set({ status: 'EXPIRED' }).returningAll().executeTakeFirstOrThrow());
    }
    if (settlement.kind === 'reject') {
      const rejected = await update
        .set({ status: 'REJECTED', decision_note: settlement.reason, decided_by: settlement.decidedBy })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, {
        ...scope,
        type: 'token_pool_request.rejected',
        data: { request: poolRequestView(rejected) },
        requestId: row.request_id,
      });
      return outcomeOf(rejected);
    }

    const poolId = await poolFor(trx, scope, row, settlement.tokens);
    const { transactionId, balance } = await allocateToPool(
      trx,
      scope,
      poolId,
      settlement.tokens,
      `allocation request ${row.id}`,
    );
    // Back above its threshold, the pool warns again on its next crossing.
    await recordPoolAlerts(trx, scope, poolId, balance, 0);
    const approved = await update
      .set({
        status: 'APPROVED',
        pool_id: poolId,
        tokens_approved: settlement.tokens,
        transaction_id: transactionId,
        decision_note: settlement.note,
        decided_by: settlement.decidedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      ...scope,
      type: 'token_pool_request.approved',
      data: { request: poolRequestView(approved) },
      requestId: row.request_id,
    });
    return outcomeOf(approved);
  });
}
