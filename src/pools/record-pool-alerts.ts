import type { Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import { poolAlerts } from './pool-alerts.js';

/** Emits token_pool.low_balance (once per crossing) and token_pool.depleted after a pool moved. */
export async function recordPoolAlerts(
  trx: Transaction<Database>,
  scope: PartnerScope,
  poolId: string,
  balanceAfter: number,
  debited: number,
) {
  const pool = await trx
    .selectFrom('token_pools')
    .select(['low_balance_threshold', 'low_balance_notified'])
    .where('id', '=', poolId)
    .executeTakeFirstOrThrow();
  const alerts = poolAlerts({
    balanceAfter,
    debited,
    threshold: pool.low_balance_threshold,
    lowBalanceNotified: pool.low_balance_notified,
  });
  if (alerts.lowBalanceNotified !== pool.low_balance_notified) {
    // Conditional on the old value: of two concurrent crossings, only one flips the flag and emits.
    const flipped = await trx
      .updateTable('token_pools')
      .set({ low_balance_notified: alerts.lowBalanceNotified })
      .where('id', '=', poolId)
      .where('low_balance_notified', '=', pool.low_balance_notified)
      .executeTakeFirst();
    if (flipped.numUpdatedRows === 0n) return;
  }
  const data = { poolId, balance: balanceAfter, lowBalanceThreshold: pool.low_balance_threshold };
  if (alerts.lowBalance) await recordEvent(trx, { ...scope, type: 'token_pool.low_balance', data });
  if (alerts.depleted) await recordEvent(trx, { ...scope, type: 'token_pool.depleted', data });
}
