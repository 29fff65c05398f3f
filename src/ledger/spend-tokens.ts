import type { Kysely } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { findPartnerUser } from '../users/partner-user-repository.js';
import { accounts } from './account-ids.js';
import { postTransaction } from './post-transaction.js';

/**
 * A user spends tokens: they leave the user's balance for the partner's redemption account.
 * Throws LedgerRefusal when the user holds fewer tokens; returns the ledger transaction's id.
 */
export async function spendTokens(db: Kysely<Database>, scope: PartnerScope, partnerUserId: string, tokens: number, description: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const user = await findPartnerUser(trx, scope, partnerUserId);
    if (!user) throw notFound('user');
    return postTransaction(trx, {
      ...scope,
      kind: 'redemption',
      description,
      partnerUserId: user.id,
      tokens,
      postings: [
        { account: accounts.user(user.id), amount: -tokens },
        { account: accounts.redemption(scope.partnerId, scope.environment), amount: tokens },
      ],
    });
  });
}
