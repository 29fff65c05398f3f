import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

interface Session {
  cookie: string;
  csrf: string;
}

const form = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(
    Object.entries(fields).flatMap(([name, value]) => [value].flat().map((one): [string, string] => [name, one])),
  ).toString();

/** The portal's pages, forms, session cookie and CSRF check, through inject; the browser flow is in test/e2e. */
describe('partner portal pages', () => {
  let t: TestApp;
  let alice: TestPartner;
  let bob: TestPartner;

  beforeAll(async () => {
    t = await createTestApp({ ipRateLimitPerMinute: 1_000_000, deliveryControl: recordingDeliveryControl().control });
    [alice, bob] = [await t.createPartner('Alice Rewards'), await t.createPartner('Bob Rewards')];
  });
  afterAll(async () => t.close());

  async function signIn(partner: TestPartner): Promise<Session> {
    const login = await t.app.inject({
      method: 'POST',
      url: '/portal/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ email: partner.email, password: partner.password }),
    });
    expect(login.statusCode).toBe(303);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const page = await t.app.inject({ method: 'GET', url: '/portal/sandbox/keys', headers: { cookie } });
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
  }

  const get = (session: Session | undefined, url: string) =>
    t.app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
  function post(
    session: Session,
    url: string,
    fields: Record<string, string | string[]>,
    csrf: string | null = session.csrf,
  ): Promise<LightMyRequestResponse> {
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ ...fields, ...(csrf !== null && { _csrf: csrf }) }),
    });
  }

  it('sends a visitor without a session to sign in, and refuses a wrong password on the page', async () => {
    const page = await get(undefined, '/portal/sandbox/dashboard');
    expect([page.statusCode, page.headers.location]).toEqual([303, '/portal/login']);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/portal/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ email: alice.email, password: 'nope' }),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Could not sign in: email or password is incorrect.');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('keeps the session in an HttpOnly, SameSite=Strict cookie and serves pages under a strict CSP', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/portal/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ email: alice.email, password: alice.password }),
    });
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(
      /^sir_portal_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/portal; Expires=.+; HttpOnly; SameSite=Strict$/,
    );
    const page = await get({ cookie: cookie.split(';')[0]!, csrf: '' }, '/portal/sandbox/dashboard');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.body).not.toMatch(/<script>|style="/);
  });

  it('refuses a write without the CSRF token of its own session, and changes nothing', async () => {
    const [aliceSession, bobSession] = [await signIn(alice), await signIn(bob)];
    const count = async () =>
      (
        await t.database.db
          .selectFrom('api_keys')
          .select(({ fn }) => fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    for (const csrf of [null, '', bobSession.csrf]) {
      const refused = await post(aliceSession, '/portal/sandbox/keys', { name: 'Forged', keyType: 'secret' }, csrf);
      expect(refused.statusCode).toBe(401);
      expect(refused.body).toContain('reload the page and try again');
    }
    expect(await count()).toBe(before);
  });

  it('creates a key with its secrets shown once, escapes what partners typed, and rejects bad input with the API’s own rules', async () => {
    const session = await signIn(alice);
    const created = await post(session, '/portal/sandbox/keys', {
      name: '<script>alert(1)</script>',
      keyType: 'secret',
      expiresAt: '2030-01-01T00:00',
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatch(/<code id="created-secret-key">sk_test_\w+<\/code>/);
    expect(created.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(created.body).not.toContain('<script>alert');
    const listed = await get(session, '/portal/sandbox/keys');
    expect(listed.body).not.toContain('created-secret-key');
    expect(listed.body).toContain('2030-01-01 00:00 UTC');

    const noEvents = await post(session, '/portal/sandbox/webhooks', { url: 'http://127.0.0.1:9/hook' });
    expect(noEvents.statusCode).toBe(400);
    expect(noEvents.body).toContain('Subscribe to at least one event type');
    const badHeader = await post(session, '/portal/sandbox/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      eventTypes: 'action.completed',
      headers: 'no colon here',
    });
    expect(badHeader.body).toContain('Custom header line 1 must look like');
    const tooMany = await post(session, '/portal/sandbox/pools/requests', { tokens: '0', reason: 'more' });
    expect([tooMany.statusCode, tooMany.body.includes('Please correct the form: tokens:')]).toEqual([400, true]);
  });

  it('shows a second partner none of the first one’s keys or webhooks, and refuses their ids', async () => {
    const [aliceSession, bobSession] = [await signIn(alice), await signIn(bob)];
    const registered = await post(aliceSession, '/portal/sandbox/webhooks', {
      url: 'http://127.0.0.1:9/alice',
      eventTypes: ['action.completed', 'action.failed'],
    });
    expect(registered.statusCode).toBe(201);
    const webhookId = /href="\/portal\/sandbox\/webhooks\/(whk_\w+)"/.exec(registered.body)![1]!;
    expect((await get(aliceSession, `/portal/sandbox/webhooks/${webhookId}`)).statusCode).toBe(200);

    expect((await get(bobSession, '/portal/sandbox/webhooks')).body).not.toContain(webhookId);
    expect((await get(bobSession, '/portal/sandbox/keys')).body).not.toContain(alice.sandbox.publicKey);
    expect((await get(bobSession, `/portal/sandbox/webhooks/${webhookId}`)).statusCode).toBe(404);
    expect((await get(aliceSession, `/portal/production/webhooks/${webhookId}`)).statusCode).toBe(404);
    for (const action of ['test', 'delete', 'rotate-secret']) {
      expect(
        (await post(bobSession, `/portal/sandbox/webhooks/${webhookId}/${action}`, { gracePeriodHours: '1' }))
          .statusCode,
        action,
      ).toBe(404);
    }
    expect((await post(bobSession, `/portal/sandbox/keys/${alice.sandbox.keyId}/revoke`, {})).statusCode).toBe(404);
    expect((await get(aliceSession, `/portal/sandbox/webhooks/${webhookId}`)).body).toContain('badge ok">enabled');
  });
});
