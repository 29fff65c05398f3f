import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { ApiError, notFound } from '../errors.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import { lockPartnerUser } from './partner-user-repository.js';
import { findUserLinkedTo, linkSirAccount, sirAccountUniqueIndex } from './sir-account-link-repository.js';
import { partnerUserView, type PartnerUserView } from './partner-user-view.js';

export interface UpgradeOutcome {
  user: PartnerUserView;
  /** False when the user was already linked to this account: nothing changed, no event. */
  upgraded: boolean;
}

const accountTaken = (sirAccountId: string) =>
  new ApiError('SIR_ACCOUNT_ALREADY_LINKED', `SIR account "${sirAccountId}" is already linked to another user`);

/**
 * Links a partner user to a full SIR account and records user.upgraded in the same transaction.
 * Asking again with the same account answers the same user and records nothing.
 */
export async function upgradePartnerUser(
  db: Kysely<Database>,
  scope: PartnerScope,
  externalId: string,
  sirAccountId: string,
  requestId: string,
): Promise<UpgradeOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await lockPartnerUser(trx, scope, externalId);
      if (!user) throw notFound('user');
      if (user.sir_account_id === sirAccountId) return { user: partnerUserView(user), upgraded: false };
      if (user.sir_account_id !== null) {
        throw new ApiError('USER_ALREADY_UPGRADED', `user "${externalId}" is already linked to another SIR account`, {
          sirAccountId: user.sir_account_id,
        });
      }
      if (await findUserLinkedTo(trx, scope, sirAccountId)) throw accountTaken(sirAccountId);
      const view = partnerUserView(await linkSirAccount(trx, user.id, sirAccountId));
      await recordEvent(trx, { ...scope, type: 'user.upgraded', data: { user: view }, requestId });
      return { user: view, upgraded: true };
    });
  } catch (error) {
    // Two users linked to one account at the same moment: the unique index refuses the later commit.
    if (isUniqueViolation(error, sirAccountUniqueIndex)) throw accountTaken(sirAccountId);
    throw error;
  }
}
