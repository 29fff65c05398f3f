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
    userId = (
      await t.database.db
        .selectFrom('portal_users')
        .select('id')
        .where('email', '=', partner.email)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => t.close());

  const me = (token: string) =>
    t.app.inject({ method: 'GET', url: '/v1/partner/auth/me', headers: { authorization: `Bearer ${token}` } });
  const now = () => Math.floor(Date.now() / 1000);
  /** A token signed with the real secret, with the claims the test chooses. */
  function forged(claims: { iat?: number; exp?: number }): Promise<string> {
    let jwt = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer('sir-partner-api')
      .setAudience('partner-portal');
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(new TextEncoder().encode(testJwtSecret));
  }

  it('finding 5: refuses a token without exp or iat, or living longer than a session may, and a deleted user’s token', async () => {
    expect((await me(partner.jwt)).statusCode).toBe(200);
    expect((await me(await forged({ iat: now(), exp: now() + 600 }))).statusCode).toBe(200);
    for (const claims of [
      { iat: now() },
      { exp: now() + 600 },
      { iat: now(), exp: now() + 365 * 86_400 },
      { iat: now() + 600, exp: now() + 1200 },
    ]) {
      const response = await me(await forged(claims));
      expect([response.statusCode, response.json().error.code], JSON.stringify(claims)).toEqual([401, 'UNAUTHORIZED']);
    }
    const other = await t.createPartner();
    await t.database.db.deleteFrom('portal_users').where('email', '=', other.email).execute();
    expect((await me(other.jwt)).statusCode).toBe(401);
  });
});

/** Issue 14, finding 4: guessing passwords is throttled per account and per source, and cannot slow others' logins. */
describe('portal login throttling', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp({
      ipRateLimitPerMinute: 1_000_000,
      loginThrottle: { failuresPerAccount: 5, failuresPerSource: 6, windowSeconds: 900, passwordCheckIntervalMs: 0 },
    });
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  const login = (email: string, password: string, remoteAddress = '198.51.100.7') =>
    t.app.inject({ method: 'POST', url: '/v1/partner/auth/login', payload: { email, password }, remoteAddress });
  const outcome = (response: { statusCode: number; json(): { error?: { code: string } } }) =>
    `${response.statusCode} ${response.json().error?.code ?? 'ok'}`;

  it('finding 4: locks an account after 5 wrong passwords, known or unknown alike, even against the right one', async () => {
    const known: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 20; i++) known.push(outcome(await login(partner.email, `wrong-${i}`, '198.51.100.1')));
    for (let i = 0; i < 20; i++)
      unknown.push(outcome(await login(`nobody-${partner.email}`, `wrong-${i}`, '198.51.100.2')));
    expect(known).toEqual([
      ...Array(5).fill('401 INVALID_CREDENTIALS'),
      ...Array(15).fill('429 TOO_MANY_LOGIN_ATTEMPTS'),
    ]);
    expect(unknown).toEqual(known);
    const right = await login(partner.email, partner.password, '198.51.100.3');
    expect(outcome(right)).toBe('429 TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(800);
  });

  it('finding 4: locks a source trying many accounts, and runs one source’s password checks one at a time', async () => {
    const spray: string[] = [];
    for (let i = 0; i < 8; i++) spray.push(outcome(await login(`spray-${i}@example.com`, 'guess', '203.0.113.9')));
    expect(spray).toEqual([
      ...Array(6).fill('401 INVALID_CREDENTIALS'),
      ...Array(2).fill('429 TOO_MANY_LOGIN_ATTEMPTS'),
    ]);
    // Twelve at once from one source: one hashes at a time, eight wait, three are refused at once,
    // and the waiting ones stop hashing when the source's lock starts.
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(`burst-${i}@example.com`, 'guess', '203.0.113.10')),
    );
    expect(burst.map(outcome).filter((code) => code === '401 INVALID_CREDENTIALS')).toHaveLength(6);
    expect(burst.map(outcome).filter((code) => code === '429 TOO_MANY_LOGIN_ATTEMPTS')).toHaveLength(6);
    const other = await t.createPartner();
    expect(outcome(await login(other.email, other.password, '192.0.2.44'))).toBe('200 ok');
  });
});
