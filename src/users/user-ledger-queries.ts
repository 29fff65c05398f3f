import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, TransactionKind } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { TransactionFilters, TransactionQueries } from '../transactions/transaction-queries.js';
import { findPartnerUser } from './partner-user-repository.js';

const tokensOfKind = (kind: TransactionKind) =>
  sql<number>`coalesce(sum(tokens) filter (where kind = ${kind}), 0)::bigint`;

/** A user's standing in the ledger and their ledger transactions, by the partner's external id. */
export function createUserLedgerQueries(db: Kysely<Database>, transactions: TransactionQueries) {
  async function requireUser(scope: PartnerScope, externalId: string) {
    const user = await findPartnerUser(db, scope, externalId);
    if (!user) throw notFound('user');
    return user;
  }

  return {
    /**
     * balance: tokens on the user's account. debt: what the user owes pools after reversals of
     * tokens already spent, repaid first from future rewards. availableBalance: balance less debt,
     * never below zero. totalEarned: tokens of every reward, including what went to repay debt.
     * totalReversed: tokens taken back by reversals, returned or turned into debt. totalSpent:
     * tokens redeemed. Always balance − debt = totalEarned − totalReversed − totalSpent.
     */
    async balance(scope: PartnerScope, externalId: string) {
      const user = await requireUser(scope, externalId);
      const held = await db
        .selectFrom('ledger_accounts')
        .select([
          sql<number>`coalesce(sum(balance) filter (where kind = 'user'), 0)::bigint`.as('balance'),
          sql<number>`coalesce(-sum(balance) filter (where kind = 'user_debt'), 0)::bigint`.as('debt'),
        ])
        .where('owner_id', '=', user.id)
        .executeTakeFirstOrThrow();
      const totals = await db
        .selectFrom('ledger_transactions')
        .select([
          tokensOfKind('reward').as('earned'),
          tokensOfKind('reversal').as('reversed'),
          tokensOfKind('redemption').as('spent'),
        ])
        .where('partner_user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      return {
        externalUserId: user.external_id,
        balance: held.balance,
        debt: held.debt,
        availableBalance: Math.max(0, held.balance - held.debt),
        totalEarned: totals.earned,
        totalReversed: totals.reversed,
        totalSpent: totals.spent,
      };
    },

    async transactions(
      scope: PartnerScope,
      externalId: string,
      filters: Omit<TransactionFilters, 'partnerUserId'>,
      limit: number,
      cursor?: string,
    ) {
      await requireUser(scope, externalId);
      return transactions.list(scope, { ...filters, partnerUserId: externalId }, limit, cursor);
    },
  };
}

export type UserLedgerQueries = ReturnType<typeof createUserLedgerQueries>;
