import { sql, type Transaction } from 'kysely';
import type { Action, Database } from '../db/schema.js';
import { accounts } from '../ledger/account-ids.js';
import type { CreditedShare } from '../ledger/reversal-plan.js';

export interface ActionShare extends CreditedShare {
  externalUserId: string;
  /** The reward transactions this share reverses. */
  rewardTransactionIds: string[];
}

/**
 * Each credited user's share of an action (one user named twice counts once), what earlier
 * reversals took back from it, and the balance the user holds now. The pool's account is locked
 * before the users' accounts, the order postTransaction takes its locks in, so a concurrent
 * reward to the same user waits instead of deadlocking.
 */
export async function creditedShares(
  trx: Transaction<Database>,
  action: Action,
  poolId: string,
): Promise<ActionShare[]> {
  const shares = new Map<string, ActionShare>();
  for (const credit of action.credits) {
    const share = shares.get(credit.partnerUserId) ?? {
      partnerUserId: credit.partnerUserId,
      externalUserId: credit.externalUserId,
      credited: 0,
      alreadyReversed: 0,
      currentBalance: 0,
      rewardTransactionIds: [],
    };
    share.credited += credit.tokens;
    share.rewardTransactionIds.push(credit.transactionId);
    shares.set(credit.partnerUserId, share);
  }
  if (shares.size === 0) return [];

  await trx
    .selectFrom('ledger_accounts')
    .select('id')
    .where('id', '=', accounts.pool(poolId).id)
    .forNoKeyUpdate()
    .execute();
  const userAccountIds = [...shares.keys()].map((userId) => accounts.user(userId).id).sort();
  const balances = await trx
    .selectFrom('ledger_accounts')
    .select(['owner_id', 'balance'])
    .where('id', 'in', userAccountIds)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  for (const { owner_id, balance } of balances) shares.get(owner_id)!.currentBalance = balance;

  const reversed = await trx
    .selectFrom('ledger_transactions')
    .select(['partner_user_id', sql<number>`sum(tokens)::bigint`.as('tokens')])
    .where('action_id', '=', action.id)
    .where('kind', '=', 'reversal')
    .groupBy('partner_user_id')
    .execute();
  for (const { partner_user_id, tokens } of reversed) {
    const share = partner_user_id === null ? undefined : shares.get(partner_user_id);
    if (share) share.alreadyReversed = tokens;
  }
  return [...shares.values()];
}
