import { createHmac, timingSafeEqual } from 'node:crypto';

export const sessionCookieName = 'sir_portal_session';

/**
 * CSRF tokens bound to the session: an HMAC of the session token under a key derived from the
 * JWT secret. A page from another site can neither read the cookie nor compute the token.
 */
export function createCsrfTokens(jwtSecret: string) {
  const key = createHmac('sha256', jwtSecret).update('portal-csrf-key').digest();
  const tokenFor = (sessionToken: string) => createHmac('sha256', key).update(sessionToken).digest('base64url');
  return {
    tokenFor,
    matches(sessionToken: string, presented: unknown): boolean {
      if (typeof presented !== 'string') return false;
      const expected = Buffer.from(tokenFor(sessionToken));
      const given = Buffer.from(presented);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export type CsrfTokens = ReturnType<typeof createCsrfTokens>;
