import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerActions } from '../../src/actions/action-registration.js';
import { purchase } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('partner and environment isolation', () => {
  let t: TestApp;
  let alice: TestPartner;
  let bob: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    [alice, bob] = [await t.createPartner('Alice Co'), await t.createPartner('Bob Co')];
    expect(
      (await t.signed(alice.sandbox, 'POST', '/v1/partner/users', { externalUserId: 'alice_user', metadata: { v: 1 } }))
        .statusCode,
    ).toBe(201);
  });
  afterAll(async () => t.close());

  const unchanged = async () => {
    const row = await t.database.db
      .selectFrom('partner_users')
      .selectAll()
      .where('external_id', '=', 'alice_user')
      .executeTakeFirstOrThrow();
    expect(row.metadata).toEqual({ v: 1 });
  };

  it("GET /v1/partner/actions?partnerUserId= lists only the caller's actions, and its pages end", async () => {
    const scope = { partnerId: alice.partnerId, environment: 'sandbox' as const };
    await registerActions(
      t.database.db,
      scope,
      [purchase('shared_1', 5, 'shared_user'), purchase('shared_2', 5, 'shared_user')],
      'req_shared',
    );

    expect((await t.signed(bob.sandbox, 'GET', '/v1/partner/actions?partnerUserId=shared_user')).json().data).toEqual(
      [],
    );
    const first = (
      await t.signed(alice.sandbox, 'GET', '/v1/partner/actions?partnerUserId=shared_user&limit=1')
    ).json();
    const second = (
      await t.signed(
        alice.sandbox,
        'GET',
        `/v1/partner/actions?partnerUserId=shared_user&limit=1&cursor=${first.pagination.nextCursor}`,
      )
    ).json();
    expect(
      [...first.data, ...second.data].map((action: { idempotencyKey: string }) => action.idempotencyKey).sort(),
    ).toEqual(['shared_1', 'shared_2']);
    expect(second.pagination.hasMore).toBe(false);
  });

  it("GET /v1/partner/users never lists another partner's users", async () => {
    const page = await t.signed(bob.sandbox, 'GET', '/v1/partner/users');
    expect(page.json().data).toEqual([]);
  });

  it('GET /v1/partner/users/:externalId is 404 for another partner', async () => {
    expect((await t.signed(bob.sandbox, 'GET', '/v1/partner/users/alice_user')).statusCode).toBe(404);
  });

  it('PATCH /v1/partner/users/:externalId is 404 for another partner and changes nothing', async () => {
    expect(
      (await t.signed(bob.sandbox, 'PATCH', '/v1/partner/users/alice_user', { metadata: { v: 2 } })).statusCode,
    ).toBe(404);
    await unchanged();
  });

  it('POST /v1/partner/users with the same external id creates a separate user for another partner', async () => {
    const created = await t.signed(bob.sandbox, 'POST', '/v1/partner/users', { externalUserId: 'alice_user' });
    expect(created.statusCode).toBe(201);
    await unchanged();
  });

  it('sandbox keys never see production rows, and production keys never see sandbox rows', async () => {
    expect((await t.signed(alice.production, 'GET', '/v1/partner/users/alice_user')).statusCode).toBe(404);
    expect((await t.signed(alice.production, 'GET', '/v1/partner/users')).json().data).toEqual([]);
    expect(
      (await t.signed(alice.production, 'PATCH', '/v1/partner/users/alice_user', { metadata: { v: 3 } })).statusCode,
    ).toBe(404);
    await unchanged();
    const live = await t.signed(alice.production, 'POST', '/v1/partner/users', { externalUserId: 'live_only' });
    expect(live.json().environment).toBe('production');
    expect((await t.signed(alice.sandbox, 'GET', '/v1/partner/users/live_only')).statusCode).toBe(404);
  });

  const keyRoutes = [
    ['GET', (id: string) => `/v1/partner/keys/${id}`, undefined],
    ['PATCH', (id: string) => `/v1/partner/keys/${id}`, { name: 'stolen' }],
    ['DELETE', (id: string) => `/v1/partner/keys/${id}`, undefined],
  ] as const;

  for (const [method, path, payload] of keyRoutes) {
    it(`${method} /v1/partner/keys/:id is 404 for another partner's key and changes nothing`, async () => {
      const response = await t.app.inject({
        method,
        url: path(alice.sandbox.keyId),
        headers: { authorization: `Bearer ${bob.jwt}` },
        payload,
      });
      expect(response.statusCode).toBe(404);
      const key = await t.database.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', alice.sandbox.keyId)
        .executeTakeFirstOrThrow();
      expect([key.name, key.is_active, key.deleted_at]).toEqual(['sandbox key', true, null]);
    });
  }

  it("GET /v1/partner/keys lists only the signed-in user's partner keys", async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/keys',
      headers: { authorization: `Bearer ${bob.jwt}` },
    });
    const ids = response
      .json()
      .data.map((k: { id: string }) => k.id)
      .sort();
    expect(ids).toEqual([bob.sandbox.keyId, bob.production.keyId].sort());
  });

  it("GET /v1/partner/keys/partner-info shows the signed-in user's own partner", async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/keys/partner-info',
      headers: { authorization: `Bearer ${bob.jwt}` },
    });
    expect(response.json()).toMatchObject({ id: bob.partnerId, name: 'Bob Co', status: 'ACTIVE' });
  });
});
