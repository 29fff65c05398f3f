import type { Kysely, Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { findPartnerUser } from '../users/partner-user-repository.js';
import { accounts } from './account-ids.js';
import { postTransaction } from './post-transaction.js';

/**
 * A user spends tokens inside the caller's transaction: they leave the user's balance for the
 * partner's redemption account. Throws LedgerRefusal when the user holds fewer tokens, so two
 * spends racing for one balance can never overdraw it; returns the ledger transaction's id.
 */
export async function postSpend(
  trx: Transaction<Database>,
  scope: PartnerScope,
  partnerUserId: string,
  tokens: number,
  description: string,
): Promise<string> {
  return postTransaction(trx, {
    ...scope,
    kind: 'redemption',
    description,
    partnerUserId,
    tokens,
    postings: [
      { account: accounts.user(partnerUserId), amount: -tokens },
      { account: accounts.redemption(scope.partnerId, scope.environment), amount: tokens },
    ],
  });
}

/** The same spend in its own transaction, for a user named by the partner's external id. */
export async function spendTokens(
  db: Kysely<Database>,
  scope: PartnerScope,
  externalId: string,
  tokens: number,
  description: string,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const user = await findPartnerUser(trx, scope, externalId);
    if (!user) throw notFound('user');
    return postSpend(trx, scope, user.id, tokens, description);
  });
}
