import type { Kysely } from 'kysely';
import { registerActions } from '../../src/actions/action-registration.js';
import type { ActionRequest } from '../../src/actions/action-types.js';
import { applyAction } from '../../src/actions/apply-action.js';
import type { PartnerScope } from '../../src/partner-scope.js';
import type { Database } from '../../src/db/schema.js';
import { applyReversal } from '../../src/reversals/apply-reversal.js';
import { claimReversal } from '../../src/reversals/reversal-repository.js';
import { purchase } from './ledger-fixtures.js';

const dayMs = 86_400_000;

/** Noon UTC `days` days before today (always in the past for days ≥ 1); today is the current time. */
export function daysAgo(days: number, now = new Date()): Date {
  if (days === 0) return now;
  return new Date(Math.floor(now.getTime() / dayMs) * dayMs - days * dayMs + dayMs / 2);
}

export const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * An action through the real registration and processing code (the workflow's one activity,
 * called directly), then moved back in time with its ledger transactions.
 */
export async function actionAt(db: Kysely<Database>, scope: PartnerScope, request: Record<string, unknown>, at?: Date) {
  const [registration] = await registerActions(
    db,
    scope,
    [request as unknown as ActionRequest],
    'req_dashboard_fixture',
  );
  if (!registration || 'conflict' in registration) throw new Error('action could not be registered');
  const result = await applyAction(db, registration.action.id);
  if (at) {
    await db
      .updateTable('actions')
      .set({ created_at: at, completed_at: at })
      .where('id', '=', result.actionId)
      .execute();
    await db
      .updateTable('ledger_transactions')
      .set({ created_at: at })
      .where('action_id', '=', result.actionId)
      .execute();
  }
  return result;
}

export const purchaseAt = (
  db: Kysely<Database>,
  scope: PartnerScope,
  key: string,
  amount: number,
  user: string,
  at?: Date,
) => actionAt(db, scope, purchase(key, amount, user), at);

export async function joinedAt(db: Kysely<Database>, scope: PartnerScope, externalId: string, at: Date) {
  await db
    .updateTable('partner_users')
    .set({ created_at: at })
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('external_id', '=', externalId)
    .execute();
}

export async function reverseNow(
  db: Kysely<Database>,
  scope: PartnerScope,
  actionId: string,
  reversalPercentage: number,
) {
  const request = { reversalPercentage, reason: 'refund', refundIdempotencyKey: `refund_${actionId}` };
  const reversal = await claimReversal(db, scope, { actionId, request, fingerprint: 'fixture', requestId: null });
  return applyReversal(db, reversal.id);
}
