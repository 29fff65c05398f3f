import { sql, type Kysely } from 'kysely';
import type { Database, Environment, Partner, PartnerStatus } from '../db/schema.js';
import { notFound } from '../errors.js';
import { recordEvent } from '../webhooks/event-outbox.js';

export interface PartnerStatusChange {
  status: PartnerStatus;
  reason: string;
  requestId?: string | null;
}

// A partner's status covers both environments, and each environment has its own webhook endpoints.
const environments: readonly Environment[] = ['sandbox', 'production'];

/**
 * Sets a partner's status and records partner.status_changed for each environment in the same
 * transaction. The authenticator reads the status on every request, so a suspension refuses the
 * partner's next call. Asking for the current status changes and records nothing.
 */
export async function changePartnerStatus(
  db: Kysely<Database>,
  partnerId: string,
  change: PartnerStatusChange,
): Promise<{ partner: Partner; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const partner = await trx
      .selectFrom('partners')
      .selectAll()
      .where('id', '=', partnerId)
      .forUpdate()
      .executeTakeFirst();
    if (!partner) throw notFound('partner');
    if (partner.status === change.status) return { partner, changed: false };
    const updated = await trx
      .updateTable('partners')
      .set({ status: change.status, updated_at: sql`now()` })
      .where('id', '=', partnerId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const data = {
      partnerId,
      previousStatus: partner.status,
      status: change.status,
      reason: change.reason,
      changedAt: updated.updated_at.toISOString(),
    };
    for (const environment of environments) {
      await recordEvent(trx, {
        partnerId,
        environment,
        type: 'partner.status_changed',
        data,
        requestId: change.requestId ?? null,
      });
    }
    return { partner: updated, changed: true };
  });
}
