import type { Kysely } from 'kysely';
import type { Database, PortalUser } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { partnerView } from '../partners/partner-view.js';
import { hashPassword, type PasswordHashCost, verifyPassword } from '../security/password-hash.js';
import type { PortalTokens } from '../security/portal-token.js';
import type { LoginThrottle } from './login-throttle.js';
import { gateFull, type PerSourceGate } from './per-source-gate.js';
import { findPortalUserByEmail } from './portal-user-repository.js';

export interface PortalServiceDeps {
  db: Kysely<Database>;
  tokens: PortalTokens;
  throttle: LoginThrottle;
  /** Bounds the password hashing one source can make the server do at once. */
  kdfGate: PerSourceGate;
  /** What a new password's hash costs; the decoy costs the same. */
  passwordHashCost: PasswordHashCost;
}

function tooManyAttempts(retryAfterSeconds: number): ApiError {
  return new ApiError('TOO_MANY_LOGIN_ATTEMPTS', `too many login attempts; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}

export function createPortalService({ db, tokens, throttle, kdfGate, passwordHashCost }: PortalServiceDeps) {
  // Compared against when the email is unknown, so both paths cost one scrypt and timing reveals nothing.
  let decoy: Promise<string> | undefined;
  const decoyHash = () => (decoy ??= hashPassword('decoy-password-never-matches', passwordHashCost));
  return {
    /** `source` is the client's address. A locked account or source is refused before any hashing, known or not. */
    async login(email: string, password: string, source: string) {
      const user = await findPortalUserByEmail(db, email);
      // Checked again once through the gate: attempts queued behind failures may find the lock.
      const verdict = await kdfGate(source, async () => {
        const wait = await throttle.retryAfterSeconds(email, source);
        return wait > 0
          ? { locked: true as const, wait }
          : {
              locked: false as const,
              valid: await verifyPassword(password, user?.password_hash ?? (await decoyHash())),
            };
      });
      if (verdict === gateFull) throw tooManyAttempts(1);
      if (verdict.locked) throw tooManyAttempts(verdict.wait);
      if (!user || !verdict.valid) {
        await throttle.failed(email, source);
        throw new ApiError('INVALID_CREDENTIALS', 'email or password is incorrect');
      }
      await throttle.succeeded(email);
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
