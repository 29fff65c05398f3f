import type { Transaction } from 'kysely';
import type { PartnerScope } from '../auth/partner-scope.js';
import type { Database, PartnerUser } from '../db/schema.js';
import { recordEvent } from '../events/event-outbox.js';
import { newId } from '../ids.js';
import { findPartnerUser, insertPartnerUser } from '../users/partner-user-repository.js';
import { partnerUserView } from '../users/partner-user-view.js';
import type { ActionRequest } from './action-types.js';

/** Finds each stakeholder's user, creating missing ones (with user.created) when the action allows it. */
export async function resolveStakeholders(
  trx: Transaction<Database>,
  scope: PartnerScope,
  request: ActionRequest,
  requestId: string | null,
): Promise<{ users: PartnerUser[] } | { missing: string }> {
  const users: PartnerUser[] = [];
  for (const stakeholder of request.stakeholders) {
    let user = await findPartnerUser(trx, scope, stakeholder.partnerUserId);
    if (!user && !request.autoCreateUsers) return { missing: stakeholder.partnerUserId };
    if (!user) {
      user = await insertPartnerUser(trx, scope, {
        id: newId('pusr'),
        externalId: stakeholder.partnerUserId,
        email: stakeholder.userEmail ?? null,
        firstName: stakeholder.userFirstName ?? null,
        lastName: stakeholder.userLastName ?? null,
      });
      // A concurrent action may have created the same user a moment ago.
      if (!user) user = await findPartnerUser(trx, scope, stakeholder.partnerUserId);
      else await recordEvent(trx, { ...scope, requestId, type: 'user.created', data: { user: partnerUserView(user) } });
      if (!user) throw new Error(`user ${stakeholder.partnerUserId} vanished while resolving`);
    }
    users.push(user);
  }
  return { users };
}
