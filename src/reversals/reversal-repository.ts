import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, Reversal } from '../db/schema.js';
import { newId } from '../ids.js';
import type { ReversalRefusal, ReversalRequest } from './reversal-types.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewReversal {
  actionId: string;
  request: ReversalRequest;
  fingerprint: string;
  requestId: string | null;
}

/** The idempotency gate: inserts unless the key exists, and returns whichever row holds the key. */
export async function claimReversal(db: Db, scope: PartnerScope, reversal: NewReversal): Promise<Reversal> {
  const inserted = await db
    .insertInto('reversals')
    .values({
      id: newId('rev'),
      partner_id: scope.partnerId,
      environment: scope.environment,
      action_id: reversal.actionId,
      refund_idempotency_key: reversal.request.refundIdempotencyKey,
      request_fingerprint: reversal.fingerprint,
      reversal_percentage: String(reversal.request.reversalPercentage),
      reason: reversal.request.reason,
      status: 'PROCESSING',
      request_id: reversal.requestId,
    })
    .onConflict((oc) => oc.columns(['partner_id', 'environment', 'refund_idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return (
    inserted ??
    db
      .selectFrom('reversals')
      .selectAll()
      .where('partner_id', '=', scope.partnerId)
      .where('environment', '=', scope.environment)
      .where('refund_idempotency_key', '=', reversal.request.refundIdempotencyKey)
      .executeTakeFirstOrThrow()
  );
}

/** Ends a reversal still PROCESSING as FAILED; a reversal already final keeps its outcome. */
export async function failReversal(db: Db, reversalId: string, refusal: ReversalRefusal): Promise<Reversal> {
  const failed = await db
    .updateTable('reversals')
    .set({ status: 'FAILED', failure_code: refusal.code, failure_reason: refusal.message, completed_at: sql`now()` })
    .where('id', '=', reversalId)
    .where('status', '=', 'PROCESSING')
    .returningAll()
    .executeTakeFirst();
  return failed ?? db.selectFrom('reversals').selectAll().where('id', '=', reversalId).executeTakeFirstOrThrow();
}

/** Ordered by id, so the first answer and every replay list them alike. */
export async function reversalTransactionIds(db: Db, reversal: Pick<Reversal, 'id' | 'action_id'>): Promise<string[]> {
  const rows = await db
    .selectFrom('ledger_transactions')
    .select('id')
    .where('action_id', '=', reversal.action_id)
    .where('reversal_id', '=', reversal.id)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}
