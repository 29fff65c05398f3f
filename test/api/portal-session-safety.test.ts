import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { testJwtSecret } from '../support/test-secrets.js';

/** Issue 14, finding 5: a portal session needs a bounded lifetime and a user who still exists. */
describe('portal sessions', () => {
  let t: TestApp;
  let partner: TestPartner;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp({ ipRateLimitPerMinute: 1_000_000 });
    partner = await t.createPartner();
    userId = (await t.database.db.selectFrom('portal_users').select('id').where('email', '=', partner.email).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.close());

  const me = (token: string) => t.app.inject({ method: 'GET', url: '/v1/partner/auth/me', headers: { authorization: `Bearer ${token}` } });
  const now = () => Math.floor(Date.now() / 1000);
  /** A token signed with the real secret, with the claims the test chooses. */
  function forged(claims: { iat?: number; exp?: number }): Promise<string> {
    let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('sir-partner-api').setAudience('partner-portal');
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(new TextEncoder().encode(testJwtSecret));
  }

  it('finding 5: refuses a token without exp or iat, or living longer than a session may, and a deleted user’s token', async () => {
    expect((await me(partner.jwt)).statusCode).toBe(200);
    expect((await me(await forged({ iat: now(), exp: now() + 600 }))).statusCode).toBe(200);
    for (const claims of [{ iat: now() }, { exp: now() + 600 }, { iat: now(), exp: now() + 365 * 86_400 }, { iat: now() + 600, exp: now() + 1200 }]) {
      const response = await me(await forged(claims));
      expect([response.statusCode, response.json().error.code], JSON.stringify(claims)).toEqual([401, 'UNAUTHORIZED']);
    }
    const other = await t.createPartner();
    await t.database.db.deleteFrom('portal_users').where('email', '=', other.email).execute();
    expect((await me(other.jwt)).statusCode).toBe(401);
  });
});
