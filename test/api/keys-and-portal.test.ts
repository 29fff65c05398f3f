import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { insertPortalUser } from '../../src/portal/portal-user-repository.js';
import { hashPassword } from '../../src/security/password-hash.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { testPasswordHashCost } from '../support/test-secrets.js';

describe('portal login and key management (JWT)', () => {
  let t: TestApp;
  let partner: TestPartner;
  const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner('Key Owner Inc');
  });
  afterAll(async () => t.close());

  it('creates a key pair whose secrets appear once and never again', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: bearer(partner.jwt),
      payload: { name: 'Sandbox Integration', environment: 'sandbox', keyType: 'secret' },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key).toMatchObject({
      partnerId: partner.partnerId,
      name: 'Sandbox Integration',
      environment: 'sandbox',
      isActive: true,
    });
    expect(key.id).toMatch(/^key_/);
    expect(key.publicKey).toMatch(/^pk_test_/);
    expect(key.secretKey).toMatch(/^sk_test_/);
    expect(key.hmacSecret).toMatch(/^[0-9a-f]{64}$/);

    const listed = await t.app.inject({ method: 'GET', url: '/v1/partner/keys', headers: bearer(partner.jwt) });
    const single = await t.app.inject({
      method: 'GET',
      url: `/v1/partner/keys/${key.id}`,
      headers: bearer(partner.jwt),
    });
    for (const body of [listed.body, single.body]) {
      expect(body).not.toContain(key.secretKey);
      expect(body).not.toContain(key.hmacSecret);
    }
    expect(single.json().secretKeyHint).toBe(`${key.secretKey.slice(0, 8)}…${key.secretKey.slice(-4)}`);

    const stored = await t.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key.secretKey);
    expect(JSON.stringify(stored)).not.toContain(key.hmacSecret);
  });

  it('issues live keys with live prefixes, and publishable-only keys without secrets', async () => {
    const live = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: bearer(partner.jwt),
      payload: { name: 'Live', environment: 'production' },
    });
    expect(live.json().publicKey).toMatch(/^pk_live_/);
    expect(live.json().secretKey).toMatch(/^sk_live_/);
    const pkOnly = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: bearer(partner.jwt),
      payload: { name: 'Widget', environment: 'sandbox', keyType: 'publishable' },
    });
    expect(pkOnly.statusCode).toBe(201);
    expect(pkOnly.json().secretKey).toBeUndefined();
    expect(pkOnly.json().hmacSecret).toBeUndefined();
  });

  it("creates the partner with a user's first key, once", async () => {
    const email = 'newcomer@example.com';
    await insertPortalUser(t.database.db, {
      id: newId('usr'),
      email,
      password_hash: await hashPassword('pw-newcomer', testPasswordHashCost),
      name: 'Newcomer Labs',
      partner_id: null,
    });
    const jwt = (
      await t.app.inject({ method: 'POST', url: '/v1/partner/auth/login', payload: { email, password: 'pw-newcomer' } })
    ).json().token;

    const before = await t.app.inject({ method: 'GET', url: '/v1/partner/keys/partner-info', headers: bearer(jwt) });
    expect(before.statusCode).toBe(404);
    const first = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: bearer(jwt),
      payload: { name: 'First', environment: 'sandbox' },
    });
    const second = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: bearer(jwt),
      payload: { name: 'Second', environment: 'sandbox' },
    });
    expect(first.json().partnerId).toBe(second.json().partnerId);
    const info = await t.app.inject({ method: 'GET', url: '/v1/partner/keys/partner-info', headers: bearer(jwt) });
    expect(info.json()).toMatchObject({
      id: first.json().partnerId,
      name: 'Newcomer Labs',
      slug: 'newcomer-labs',
      status: 'ACTIVE',
      rateLimit: { requestsPerMinute: 600 },
    });
  });

  it('renames, sets expiry and deactivates a key', async () => {
    const url = `/v1/partner/keys/${partner.production.keyId}`;
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const patched = await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer(partner.jwt),
      payload: { name: 'Renamed', expiresAt, isActive: false },
    });
    expect(patched.json()).toMatchObject({ name: 'Renamed', expiresAt, isActive: false });
    const empty = await t.app.inject({ method: 'PATCH', url, headers: bearer(partner.jwt), payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('deletes a key so it no longer appears or authenticates', async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/partner/keys',
        headers: bearer(partner.jwt),
        payload: { name: 'Doomed', environment: 'sandbox' },
      })
    ).json();
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/v1/partner/keys/${created.id}`,
      headers: bearer(partner.jwt),
    });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/partner/keys/${created.id}`, headers: bearer(partner.jwt) }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.signed({ partnerKey: created.secretKey, hmacSecret: created.hmacSecret }, 'GET', '/v1/partner/users'))
        .statusCode,
    ).toBe(401);
  });

  it('shows the current user, partner and a publishable key on /auth/me', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/v1/partner/auth/me', headers: bearer(partner.jwt) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: partner.email, partnerId: partner.partnerId },
      partner: { id: partner.partnerId },
    });
    expect(me.json().publishableKey).toMatch(/^pk_(test|live)_/);
    expect(me.body).not.toContain('password');
  });

  it('refuses missing, malformed and tampered tokens with 401 UNAUTHORIZED', async () => {
    const [header, payload] = partner.jwt.split('.');
    for (const authorization of [
      undefined,
      'Bearer',
      'Basic abc',
      `Bearer ${header}.${payload}.forged`,
      `Bearer ${partner.jwt}x`,
    ]) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/v1/partner/auth/me',
        headers: authorization ? { authorization } : {},
      });
      expect([response.statusCode, response.json().error.code]).toEqual([401, 'UNAUTHORIZED']);
    }
  });

  it('does not let a partner key stand in for a portal login', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/keys',
      headers: { authorization: `Bearer ${partner.sandbox.partnerKey}` },
    });
    expect(response.statusCode).toBe(401);
  });
});
