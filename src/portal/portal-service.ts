import type { Kysely } from 'kysely';
import type { Database, PortalUser } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { partnerView } from '../partners/partner-view.js';
import { hashPassword, verifyPassword } from '../security/password-hash.js';
import type { PortalTokens } from '../security/portal-token.js';
import { findPortalUserByEmail } from './portal-user-repository.js';

export interface PortalServiceDeps {
  db: Kysely<Database>;
  tokens: PortalTokens;
}

// Compared against when the email is unknown, so both paths cost one scrypt and timing reveals nothing.
const decoyHash = hashPassword('decoy-password-never-matches');

export function createPortalService({ db, tokens }: PortalServiceDeps) {
  return {
    async login(email: string, password: string) {
      const user = await findPortalUserByEmail(db, email);
      const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
      if (!user || !valid) throw new ApiError('INVALID_CREDENTIALS', 'email or password is incorrect');
      const { token, expiresAt } = await tokens.issue(user.id);
      return { token, tokenType: 'Bearer' as const, expiresAt: expiresAt.toISOString(), user: portalUserView(user) };
    },

    /** The signed-in user, their partner and the newest active publishable key, if any. */
    async me(user: PortalUser) {
      const partner = user.partner_id
        ? await db.selectFrom('partners').selectAll().where('id', '=', user.partner_id).executeTakeFirst()
        : undefined;
      const key = user.partner_id
        ? await db
            .selectFrom('api_keys')
            .select(['public_key', 'environment'])
            .where('partner_id', '=', user.partner_id)
            .where('is_active', '=', true)
            .where('deleted_at', 'is', null)
            .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
            .orderBy('created_at', 'desc')
            .executeTakeFirst()
        : undefined;
      return {
        user: portalUserView(user),
        partner: partner ? partnerView(partner) : null,
        publishableKey: key?.public_key ?? null,
      };
    },
  };
}

export function portalUserView(user: PortalUser) {
  return { id: user.id, email: user.email, name: user.name, partnerId: user.partner_id };
}

export type PortalService = ReturnType<typeof createPortalService>;
