import type { Kysely, Transaction } from 'kysely';
import type { Database, Redemption } from '../db/schema.js';
import { LedgerRefusal } from '../ledger/post-transaction.js';
import { postSpend } from '../ledger/spend-tokens.js';
import { notifySettled } from '../ledger/settlements.js';
import { lockRedemption, markRedemptionApproved, markRedemptionRejected } from './redemption-repository.js';
import { redemptionRejection } from './redemption-rules.js';
import type { RedemptionRejection, RedemptionView } from './redemption-types.js';
import { findRedemptionView } from './redemption-view.js';
import { withRedemptionEvent } from './redemption-event.js';
import { userHoldings } from './user-holdings.js';

/**
 * Approves or rejects a PENDING redemption in one transaction: the spend, the status and its event
 * commit together. A redemption already reviewed returns as it is, so a retried activity never
 * spends twice.
 */
export async function reviewRedemption(db: Kysely<Database>, redemptionId: string): Promise<RedemptionView> {
  return db.transaction().execute(async (trx) => {
    const redemption = await lockRedemption(trx, redemptionId);
    if (redemption.status !== 'PENDING') return findRedemptionView(trx, redemption.id);
    const organization = await trx
      .selectFrom('organizations')
      .select(['name', 'is_active'])
      .where('id', '=', redemption.organization_id)
      .executeTakeFirstOrThrow();
    const rejection = redemptionRejection({
      tokens: redemption.tokens,
      organizationActive: organization.is_active,
      ...(await userHoldings(trx, redemption.partner_user_id)),
    });
    if (rejection) return reject(trx, redemption, rejection);
    const scope = { partnerId: redemption.partner_id, environment: redemption.environment };
    let transactionId: string;
    try {
      transactionId = await postSpend(
        trx,
        scope,
        redemption.partner_user_id,
        redemption.tokens,
        `redemption ${redemption.id}: ${redemption.tokens} tokens to ${organization.name}`,
      );
    } catch (error) {
      // Another spend took the balance between the read above and this post.
      if (!(error instanceof LedgerRefusal)) throw error;
      return reject(trx, redemption, {
        code: 'INSUFFICIENT_BALANCE',
        message: `the user holds fewer than the ${redemption.tokens} tokens requested`,
      });
    }
    await markRedemptionApproved(trx, redemption.id, transactionId);
    return withRedemptionEvent(trx, redemption, 'redemption.approved');
  });
}

async function reject(
  trx: Transaction<Database>,
  redemption: Redemption,
  rejection: RedemptionRejection,
): Promise<RedemptionView> {
  await markRedemptionRejected(trx, redemption.id, rejection);
  const view = await withRedemptionEvent(trx, redemption, 'redemption.rejected');
  // A rejection is final: the API waiting on it answers on commit. An approval is not, so only fulfilment announces it.
  await notifySettled(trx, [{ id: view.redemptionId, result: view }]);
  return view;
}
