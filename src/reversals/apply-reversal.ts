import { sql, type Kysely, type Transaction } from 'kysely';
import type { Action, Database, Reversal } from '../db/schema.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import { accounts } from '../ledger/account-ids.js';
import { postTransaction } from '../ledger/post-transaction.js';
import { planReversal } from '../ledger/reversal-plan.js';
import { recordPoolAlerts } from '../pools/record-pool-alerts.js';
import { accountBalance } from '../pools/token-pool-repository.js';
import { notifySettled } from '../ledger/settlements.js';
import { creditedShares } from './credited-shares.js';
import { failReversal } from './reversal-repository.js';
import { cumulativePercentage, reversalRefusal } from './reversal-rules.js';
import type { ReversalResult } from './reversal-types.js';
import { reversalResult } from './reversal-view.js';

/**
 * Applies a reversal exactly once: the reversal row is locked, and a row no longer PROCESSING
 * returns its stored result, so an activity retried after commit never returns tokens twice.
 */
export async function applyReversal(db: Kysely<Database>, reversalId: string): Promise<ReversalResult> {
  return db.transaction().execute(async (trx) => {
    const reversal = await trx
      .selectFrom('reversals')
      .selectAll()
      .where('id', '=', reversalId)
      .forUpdate()
      .executeTakeFirst();
    if (!reversal) throw new Error(`reversal ${reversalId} does not exist`);
    if (reversal.status !== 'PROCESSING') return reversalResult(trx, reversal);
    // Locked too: reversals of one action apply one after another against its latest percentage.
    const action = await trx
      .selectFrom('actions')
      .selectAll()
      .where('id', '=', reversal.action_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const refusal = reversalRefusal(action, reversal.reversal_percentage);
    const result = refusal
      ? await reversalResult(trx, await failReversal(trx, reversal.id, refusal))
      : await reverse(trx, action, reversal);
    // Heard on commit by the API waiting on this reversal, which then answers without the workflow.
    await notifySettled(trx, [{ id: result.reversalId, result }]);
    return result;
  });
}

async function reverse(trx: Transaction<Database>, action: Action, reversal: Reversal): Promise<ReversalResult> {
  const scope = { partnerId: action.partner_id, environment: action.environment };
  const requestId = reversal.request_id;
  if (action.pool_id === null) throw new Error(`completed action ${action.id} has no pool`);
  const poolId = action.pool_id;
  const cumulative = cumulativePercentage(action, reversal.reversal_percentage);
  const shares = await creditedShares(trx, action, poolId);
  const plan = planReversal(shares, cumulative.toNumber());

  let tokensReturned = 0;
  let debtCreated = 0;
  for (const [index, part] of plan.entries()) {
    if (part.tokens === 0) continue;
    const share = shares[index]!;
    const transactionId = await postTransaction(trx, {
      ...scope,
      kind: 'reversal',
      description: `${reversal.reversal_percentage}% reversal of ${action.action_type} reward to ${share.externalUserId}: ${reversal.reason}`,
      actionId: action.id,
      reversalId: reversal.id,
      poolId,
      partnerUserId: share.partnerUserId,
      tokens: part.tokens,
      postings: [
        { account: accounts.user(share.partnerUserId), amount: -part.returned },
        { account: accounts.pool(poolId), amount: part.returned },
        { account: accounts.userDebt(share.partnerUserId, poolId), amount: -part.debt },
        { account: accounts.poolReceivable(poolId), amount: part.debt },
      ],
    });
    tokensReturned += part.returned;
    debtCreated += part.debt;
    await recordEvent(trx, {
      ...scope,
      requestId,
      type: 'transaction.reversed',
      data: {
        transactionId,
        actionId: action.id,
        reversalId: reversal.id,
        partnerUserId: share.externalUserId,
        poolId,
        tokens: part.tokens,
        tokensReturned: part.returned,
        debtCreated: part.debt,
        reversedTransactionIds: share.rewardTransactionIds,
      },
    });
  }

  await trx
    .updateTable('actions')
    .set({
      tokens_reversed: sql`tokens_reversed + ${tokensReturned + debtCreated}`,
      reversed_percentage: cumulative.toString(),
    })
    .where('id', '=', action.id)
    .execute();
  const completed = await trx
    .updateTable('reversals')
    .set({ status: 'COMPLETED', tokens_returned: tokensReturned, debt_created: debtCreated, completed_at: sql`now()` })
    .where('id', '=', reversal.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const result = await reversalResult(trx, completed);
  await recordEvent(trx, {
    ...scope,
    requestId,
    type: 'action.reversed',
    data: { ...result, reason: reversal.reason, reversedPercentage: cumulative.toNumber() },
  });
  // Returned tokens may lift the pool back above its threshold, re-arming the low-balance alert.
  if (tokensReturned > 0)
    await recordPoolAlerts(trx, scope, poolId, await accountBalance(trx, accounts.pool(poolId).id), 0);
  return result;
}
