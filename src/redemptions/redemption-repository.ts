import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, Redemption } from '../db/schema.js';
import { newId } from '../ids.js';
import type { RedemptionRejection, RedemptionRequest } from './redemption-types.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewRedemption {
  partnerUserId: string;
  organizationId: string;
  request: RedemptionRequest;
  fingerprint: string;
  requestId: string | null;
}

export async function findRedemptionByKey(
  db: Db,
  scope: PartnerScope,
  idempotencyKey: string,
): Promise<Redemption | undefined> {
  return db
    .selectFrom('redemptions')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** The idempotency gate: inserts unless the key exists, and returns whichever row holds the key. */
export async function claimRedemption(db: Db, scope: PartnerScope, redemption: NewRedemption): Promise<Redemption> {
  const inserted = await db
    .insertInto('redemptions')
    .values({
      id: newId('rdm'),
      partner_id: scope.partnerId,
      environment: scope.environment,
      idempotency_key: redemption.request.idempotencyKey,
      request_fingerprint: redemption.fingerprint,
      partner_user_id: redemption.partnerUserId,
      organization_id: redemption.organizationId,
      tokens: redemption.request.tokens,
      note: redemption.request.note ?? null,
      status: 'PENDING',
      request_id: redemption.requestId,
    })
    .onConflict((oc) => oc.columns(['partner_id', 'environment', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? (await findRedemptionByKey(db, scope, redemption.request.idempotencyKey))!;
}

/** Locked for the step that changes it, so a retried or concurrent step waits and then sees the outcome. */
export async function lockRedemption(trx: Transaction<Database>, redemptionId: string): Promise<Redemption> {
  const redemption = await trx
    .selectFrom('redemptions')
    .selectAll()
    .where('id', '=', redemptionId)
    .forUpdate()
    .executeTakeFirst();
  if (!redemption) throw new Error(`redemption ${redemptionId} does not exist`);
  return redemption;
}

export async function markRedemptionRejected(
  trx: Transaction<Database>,
  redemptionId: string,
  rejection: RedemptionRejection,
): Promise<void> {
  await trx
    .updateTable('redemptions')
    .set({
      status: 'REJECTED',
      rejection_code: rejection.code,
      rejection_reason: rejection.message,
      reviewed_at: sql`now()`,
    })
    .where('id', '=', redemptionId)
    .execute();
}

export async function markRedemptionApproved(
  trx: Transaction<Database>,
  redemptionId: string,
  transactionId: string,
): Promise<void> {
  await trx
    .updateTable('redemptions')
    .set({ status: 'APPROVED', transaction_id: transactionId, reviewed_at: sql`now()` })
    .where('id', '=', redemptionId)
    .execute();
}

export async function markRedemptionCompleted(trx: Transaction<Database>, redemptionId: string): Promise<void> {
  await trx
    .updateTable('redemptions')
    .set({ status: 'COMPLETED', completed_at: sql`now()` })
    .where('id', '=', redemptionId)
    .execute();
}
