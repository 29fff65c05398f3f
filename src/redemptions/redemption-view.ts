import type { Kysely, Transaction } from 'kysely';
import type { Database, Redemption } from '../db/schema.js';
import type { RedemptionRejectionCode, RedemptionView } from './redemption-types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A redemption row with the user and organization it names. */
export type RedemptionRow = Redemption & {
  user_external_id: string;
  organization_slug: string;
  organization_name: string;
};

/** Redemptions joined to their user and organization; lists wrap it as a derived table. */
export function redemptionRows(db: Db) {
  return db
    .selectFrom('redemptions as r')
    .innerJoin('partner_users as u', 'u.id', 'r.partner_user_id')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .selectAll('r')
    .select(['u.external_id as user_external_id', 'o.slug as organization_slug', 'o.name as organization_name']);
}

export async function findRedemptionView(db: Db, redemptionId: string): Promise<RedemptionView> {
  return redemptionView(await redemptionRows(db).where('r.id', '=', redemptionId).executeTakeFirstOrThrow());
}

/** The same view answers the first request, every replay, the reads and the events. */
export function redemptionView(row: RedemptionRow): RedemptionView {
  return {
    redemptionId: row.id,
    idempotencyKey: row.idempotency_key,
    partnerUserId: row.user_external_id,
    tokens: row.tokens,
    organizationSlug: row.organization_slug,
    organizationName: row.organization_name,
    note: row.note,
    status: row.status,
    transactionId: row.transaction_id,
    ...(row.status === 'REJECTED' && {
      rejection: { code: row.rejection_code as RedemptionRejectionCode, message: row.rejection_reason ?? '' },
    }),
    createdAt: row.created_at.toISOString(),
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
