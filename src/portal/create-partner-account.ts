import type { Kysely } from 'kysely';
import type { Database, Partner, PartnerStatus, PortalUser } from '../db/schema.js';
import { newId } from '../ids.js';
import { insertPortalUser } from './portal-user-repository.js';
import { defaultPasswordHashCost, hashPassword, type PasswordHashCost } from '../security/password-hash.js';
import { createPartner } from '../partners/create-partner.js';

export interface PartnerAccountInput {
  email: string;
  password: string;
  name: string;
  partnerName: string;
  partnerStatus?: PartnerStatus;
}

/**
 * Accounts come from the SIR app, outside the partner API; operators and the dev seed create
 * a portal user and its partner together through this one path.
 */
export async function createPartnerAccount(
  db: Kysely<Database>,
  input: PartnerAccountInput,
  passwordHashCost: PasswordHashCost = defaultPasswordHashCost,
): Promise<{ user: PortalUser; partner: Partner }> {
  const passwordHash = await hashPassword(input.password, passwordHashCost);
  return db.transaction().execute(async (trx) => {
    const partner = await createPartner(trx, {
      name: input.partnerName,
      status: input.partnerStatus ?? 'ACTIVE',
      contactEmail: input.email.toLowerCase(),
    });
    const user = await insertPortalUser(trx, {
      id: newId('usr'),
      email: input.email.toLowerCase(),
      password_hash: passwordHash,
      name: input.name,
      partner_id: partner.id,
    });
    return { user, partner };
  });
}
