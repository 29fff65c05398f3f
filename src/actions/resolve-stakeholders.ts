import type { Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, PartnerUser } from '../db/schema.js';
import { newId } from '../ids.js';
import type { ActionRequest, Stakeholder } from './action-types.js';

export interface ResolvedUsers {
  /** Every user the requests name that exists now, by external id. */
  byExternalId: Map<string, PartnerUser>;
  /** Ids of the users this call created. */
  created: Set<string>;
}

const findUsers = (trx: Transaction<Database>, scope: PartnerScope, externalIds: string[]) =>
  trx
    .selectFrom('partner_users')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('external_id', 'in', externalIds)
    .execute();

/**
 * Finds the users the requests name and creates the missing ones that a request may create,
 * inside the caller's transaction. The caller removes created users no completed action used.
 */
export async function resolveStakeholders(
  trx: Transaction<Database>,
  scope: PartnerScope,
  requests: ActionRequest[],
): Promise<ResolvedUsers> {
  const externalIds = [...new Set(requests.flatMap((r) => r.stakeholders.map((s) => s.partnerUserId)))];
  const byExternalId = new Map<string, PartnerUser>();
  if (externalIds.length === 0) return { byExternalId, created: new Set() };
  for (const user of await findUsers(trx, scope, externalIds)) byExternalId.set(user.external_id, user);

  const toCreate = new Map<string, Stakeholder>();
  for (const stakeholder of requests.filter((r) => r.autoCreateUsers).flatMap((r) => r.stakeholders)) {
    if (!byExternalId.has(stakeholder.partnerUserId) && !toCreate.has(stakeholder.partnerUserId))
      toCreate.set(stakeholder.partnerUserId, stakeholder);
  }
  if (toCreate.size === 0) return { byExternalId, created: new Set() };
  const inserted = await trx
    .insertInto('partner_users')
    .values(
      [...toCreate.values()].map((s) => ({
        id: newId('pusr'),
        partner_id: scope.partnerId,
        environment: scope.environment,
        external_id: s.partnerUserId,
        email: s.userEmail?.toLowerCase() ?? null,
        first_name: s.userFirstName ?? null,
        last_name: s.userLastName ?? null,
        metadata: JSON.stringify({}),
      })),
    )
    .onConflict((oc) => oc.columns(['partner_id', 'environment', 'external_id']).doNothing())
    .returningAll()
    .execute();
  for (const user of inserted) byExternalId.set(user.external_id, user);
  // A concurrent request may have created some of them a moment ago.
  const raced = [...toCreate.keys()].filter((id) => !byExternalId.has(id));
  if (raced.length > 0) for (const user of await findUsers(trx, scope, raced)) byExternalId.set(user.external_id, user);
  const vanished = raced.find((id) => !byExternalId.has(id));
  if (vanished !== undefined) throw new Error(`user ${vanished} vanished while resolving`);
  return { byExternalId, created: new Set(inserted.map((u) => u.id)) };
}

/** One request's users in stakeholder order, or the first one that does not exist. */
export function stakeholderUsers(
  request: ActionRequest,
  users: ResolvedUsers,
): { users: PartnerUser[] } | { missing: string } {
  const found: PartnerUser[] = [];
  for (const stakeholder of request.stakeholders) {
    const user = users.byExternalId.get(stakeholder.partnerUserId);
    if (!user) return { missing: stakeholder.partnerUserId };
    found.push(user);
  }
  return { users: found };
}

/** Removes users this batch created that no completed action used: a refused action leaves nothing behind. */
export async function discardUnusedUsers(trx: Transaction<Database>, created: Set<string>, used: Set<string>) {
  const unused = [...created].filter((id) => !used.has(id));
  if (unused.length > 0) await trx.deleteFrom('partner_users').where('id', 'in', unused).execute();
}
