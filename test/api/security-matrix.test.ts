import { SignJWT } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerActions } from '../../src/actions/action-registration.js';
import type { RouteAuth } from '../../src/api/plugins/authentication.js';
import type { Environment } from '../../src/db/schema.js';
import { errorStatus } from '../../src/errors.js';
import { randomToken } from '../../src/ids.js';
import { createOperator } from '../../src/operators/create-operator.js';
import { generateOperatorToken } from '../../src/operators/operator-token.js';
import { tableChecksums } from '../fuzz/table-checksums.js';
import { credentialKinds, type MatrixCredentials } from '../security/credential-kinds.js';
import { recordingDeliveryControl } from '../support/delivery-control-double.js';
import { fundPool, purchase } from '../support/ledger-fixtures.js';
import { logCapture } from '../support/log-capture.js';
import { signedHeaders, type Credentials } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { testJwtSecret } from '../support/test-secrets.js';
import { receiverUrl } from '../support/webhook-fixtures.js';

/** Bodies that pass validation, so a request with a foreign id reaches the handler's own lookup. */
const validBodies: Record<string, unknown> = {
  'PATCH /v1/partner/users/:externalId': { firstName: 'Mallory' },
  'POST /v1/partner/users/:externalId/upgrade': { sirAccountId: 'sir_mallory' },
  'POST /v1/partner/actions/:actionId/reverse': {
    reversalPercentage: 100,
    reason: 'refund',
    refundIdempotencyKey: 'mallory_refund',
  },
  'POST /v1/partner/users/:externalId/redemptions': {
    idempotencyKey: 'mallory_redeem',
    tokens: 1,
    organizationSlug: 'feeding-america',
  },
  'PATCH /v1/partner/campaigns/:id': { name: 'Mallory' },
  'PATCH /v1/partner/webhooks/:id': { description: 'Mallory' },
  'POST /v1/partner/webhooks/:id/rotate-secret': {},
  'POST /v1/partner/webhooks/:id/deliveries/recover': { since: '2020-01-01T00:00:00Z' },
};

const authRefusals = new Set([
  'INVALID_API_KEY',
  'TIMESTAMP_EXPIRED',
  'INVALID_SIGNATURE',
  'UNAUTHORIZED',
  'SECRET_KEY_REQUIRED',
  'PUBLISHABLE_KEY_REQUIRED',
  'OPERATOR_TOKEN_REQUIRED',
]);

describe('security matrix: every route × every credential kind', async () => {
  const logs = logCapture();
  // Without Temporal here, the delivery engine's control is the recording double the webhook tests use.
  const t: TestApp = await createTestApp({
    logger: { level: 'trace', stream: logs.stream },
    ipRateLimitPerMinute: 1_000_000,
    deliveryControl: recordingDeliveryControl().control,
  });
  await t.app.ready();
  const routes = t.app.routeCatalog
    .filter((route) => route.auth !== 'none')
    .flatMap((route) =>
      route.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => ({ method, url: route.url, auth: route.auth })),
    );

  let alice: TestPartner;
  let bob: TestPartner;
  let credentials: MatrixCredentials;
  /** Every secret the test knows; none may show up after the response that created it. */
  const secrets: string[] = [];
  const seen: string[] = [];
  /** Alice's resource ids per environment, by route parameter. */
  const ids: Record<Environment, Record<string, string>> = { sandbox: {}, production: {} };

  async function send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    const rawBody = body === undefined ? '' : JSON.stringify(body);
    const response = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { ...headers, ...(rawBody && { 'content-type': 'application/json' }) },
      payload: rawBody || undefined,
    });
    seen.push(`${method} ${url} ${JSON.stringify(response.headers)} ${response.body}`);
    return response;
  }

  async function issueKey(partner: TestPartner) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: { authorization: `Bearer ${partner.jwt}` },
      payload: { name: 'extra', environment: 'sandbox', keyType: 'secret' },
    });
    const key = response.json();
    secrets.push(key.secretKey, key.hmacSecret);
    return {
      id: key.id as string,
      partnerKey: key.secretKey as string,
      hmacSecret: key.hmacSecret as string,
      publicKey: key.publicKey as string,
    };
  }

  async function seedResources(partner: TestPartner, environment: Environment, keys: Credentials) {
    const externalId = `alice_${environment}`;
    expect((await t.signed(keys, 'POST', '/v1/partner/users', { externalUserId: externalId })).statusCode).toBe(201);
    const scope = { partnerId: partner.partnerId, environment };
    await registerActions(t.database.db, scope, [purchase(`buy_${environment}`, 5, externalId)], `req_${environment}`);
    const action = await t.database.db
      .selectFrom('actions')
      .select('id')
      .where('partner_id', '=', partner.partnerId)
      .where('environment', '=', environment)
      .executeTakeFirstOrThrow();
    const pool = await fundPool(t, partner, 1000, environment);
    ids[environment] = { externalId, actionId: action.id, id: action.id, poolId: pool.id };
    // One endpoint (sandbox) serves the webhook routes; production ones use a placeholder id.
    if (environment === 'production') return;
    const webhook = await t.signed(keys, 'POST', '/v1/partner/webhooks', {
      url: receiverUrl,
      eventTypes: ['action.completed'],
    });
    expect(webhook.statusCode).toBe(201);
    secrets.push(webhook.json().secret);
    ids[environment].webhookId = webhook.json().id;
  }

  /** Alice's id for a route parameter, or a placeholder where she has no such resource. */
  function pathFor(url: string, environment: Environment): string {
    const own = ids[environment];
    return url.replace(/:(\w+)/g, (_, name: string) => {
      if (name === 'id' && url.startsWith('/v1/partner/webhooks/')) return own.webhookId ?? 'whk_missing';
      if (name === 'id' && url.startsWith('/v1/partner/token-pools/')) return own.poolId!;
      if (name === 'id' && url.startsWith('/v1/partner/keys/')) return 'key_missing';
      if (name === 'partnerId') return alice.partnerId;
      return own[name] ?? `${name}_missing`;
    });
  }

  beforeAll(async () => {
    [alice, bob] = [await t.createPartner('Alice Co'), await t.createPartner('Bob Co')];
    for (const partner of [alice, bob])
      secrets.push(
        partner.password,
        partner.jwt,
        ...[partner.sandbox, partner.production].flatMap((k) => [k.partnerKey, k.hmacSecret]),
      );
    await t.database.db.updateTable('partners').set({ rate_limit_per_minute: 1_000_000 }).execute();
    await seedResources(alice, 'sandbox', alice.sandbox);
    await seedResources(alice, 'production', alice.production);
    const [expired, deactivated, deleted] = [await issueKey(alice), await issueKey(alice), await issueKey(alice)];
    const portal = { authorization: `Bearer ${alice.jwt}` };
    await send('PATCH', `/v1/partner/keys/${expired.id}`, portal, {
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    await send('PATCH', `/v1/partner/keys/${deactivated.id}`, portal, { isActive: false });
    await send('DELETE', `/v1/partner/keys/${deleted.id}`, portal);
    const operator = await createOperator(t.database.db, 'Matrix Operator');
    const sub = JSON.parse(Buffer.from(alice.jwt.split('.')[1]!, 'base64url').toString()).sub as string;
    const jwt = (secret: string, issuedAt: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer('sir-partner-api')
        .setAudience('partner-portal')
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + 3600)
        .sign(new TextEncoder().encode(secret));
    const nowSeconds = Math.floor(Date.now() / 1000);
    credentials = {
      own: alice.sandbox,
      otherPartnerHmacSecret: bob.sandbox.hmacSecret,
      expired,
      deactivated,
      deleted,
      unknownSecretKey: `sk_test_${randomToken(32).toLowerCase()}`,
      unknownPublicKey: `pk_test_${randomToken(32).toLowerCase()}`,
      unknownOperatorToken: generateOperatorToken(),
      forgedJwt: await jwt(`forged-${randomToken(16)}`, nowSeconds),
      portalJwt: alice.jwt,
      expiredPortalJwt: await jwt(testJwtSecret, nowSeconds - 7200),
      operatorToken: operator.token,
    };
    secrets.push(
      operator.token,
      credentials.unknownSecretKey,
      credentials.unknownOperatorToken,
      credentials.forgedJwt,
      credentials.expiredPortalJwt,
    );
  });
  afterAll(async () => t.close());

  it('enumerates every authenticated route, of every auth mode', () => {
    expect(new Set(routes.map((route) => route.auth))).toEqual(
      new Set<RouteAuth>(['jwt', 'widget', 'hmac', 'hmac-secret', 'operator']),
    );
    expect(routes.length).toBeGreaterThan(60);
  });

  for (const kind of credentialKinds) {
    it(`${kind.name}: the expected status on every route`, async () => {
      const before = await tableChecksums(t.database.db);
      const mismatches: string[] = [];
      for (const route of routes) {
        const expected = kind.expected[route.auth];
        if (!expected) continue;
        // Placeholder ids and a body no schema takes: an authenticated request ends in 400/404 and changes nothing.
        const path = route.url.replace(/:(\w+)/g, '$1_missing');
        const rawBody = ['POST', 'PATCH', 'PUT'].includes(route.method) ? '[]' : '';
        const headers = kind.headers(credentials)(route.auth, route.method, path, rawBody);
        const response = await t.app.inject({
          method: route.method as 'GET',
          url: path,
          headers: { ...headers, ...(rawBody && { 'content-type': 'application/json' }) },
          payload: rawBody || undefined,
        });
        seen.push(`${route.method} ${path} ${JSON.stringify(response.headers)} ${response.body}`);
        const code = response.json().error?.code as string | undefined;
        const ok =
          expected === 'authenticated'
            ? response.statusCode < 500 && !authRefusals.has(code ?? '')
            : response.statusCode === errorStatus[expected] && code === expected;
        if (!ok)
          mismatches.push(
            `${route.method} ${route.url} (${route.auth}): expected ${expected}, got ${response.statusCode} ${code}`,
          );
      }
      expect(mismatches).toEqual([]);
      expect(await tableChecksums(t.database.db)).toEqual(before);
    });
  }

  /** Alice's resources asked for by someone whose key must not reach them: 404, and nothing changes. */
  async function expectUnreachable(intruder: Credentials, environment: Environment) {
    const before = await tableChecksums(t.database.db);
    const leaks: string[] = [];
    const aliceIds = Object.values(ids[environment]);
    for (const route of routes.filter((r) => r.auth === 'hmac' || r.auth === 'hmac-secret')) {
      const path = pathFor(route.url, environment);
      const body = validBodies[`${route.method} ${route.url}`];
      const response = await send(
        route.method,
        path,
        signedHeaders(intruder, route.method, path, body === undefined ? '' : JSON.stringify(body)),
        body,
      );
      const hasParams = route.url.includes(':');
      // The retired bulk-job lookup answers 410 to everyone, whatever the id.
      const refused = response.statusCode === 404 || response.json().error?.code === 'GONE';
      if (hasParams && !refused)
        leaks.push(`${route.method} ${path}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      if (!hasParams && aliceIds.some((id) => response.body.includes(id)))
        leaks.push(`${route.method} ${path} lists Alice's data: ${response.body.slice(0, 200)}`);
    }
    expect(leaks).toEqual([]);
    expect(await tableChecksums(t.database.db)).toEqual(before);
  }

  it("another partner's secret key gets 404 on every resource of Alice, and her ids in no list", async () => {
    await expectUnreachable(bob.sandbox, 'sandbox');
  });

  it('a sandbox key gets 404 on every production resource of its own partner', async () => {
    await expectUnreachable(alice.sandbox, 'production');
  });

  it('an exact signed request replayed inside the 5-minute window is accepted again; only idempotency stops a repeated write', async () => {
    // The spec bounds replays by the timestamp window alone; writes are deduplicated by their own keys.
    const read = signedHeaders(alice.sandbox, 'GET', '/v1/partner/users');
    expect((await send('GET', '/v1/partner/users', read)).statusCode).toBe(200);
    expect((await send('GET', '/v1/partner/users', read)).statusCode).toBe(200);
    const body = { externalUserId: 'replayed_user' };
    const write = signedHeaders(alice.sandbox, 'POST', '/v1/partner/users', JSON.stringify(body));
    expect((await send('POST', '/v1/partner/users', write, body)).statusCode).toBe(201);
    const replay = await send('POST', '/v1/partner/users', write, body);
    expect([replay.statusCode, replay.json().error.code]).toEqual([409, 'USER_ALREADY_EXISTS']);
    const rows = await t.database.db
      .selectFrom('partner_users')
      .select('id')
      .where('external_id', '=', 'replayed_user')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('no secret appears in any log line, any later response or any error message', async () => {
    const portal = { authorization: `Bearer ${alice.jwt}` };
    await send('GET', '/v1/partner/keys', portal);
    await send('GET', '/v1/partner/auth/me', portal);
    await send('GET', '/v1/partner/webhooks', signedHeaders(alice.sandbox, 'GET', '/v1/partner/webhooks'));
    await send(
      'GET',
      `/v1/partner/webhooks/${ids.sandbox.webhookId}`,
      signedHeaders(alice.sandbox, 'GET', `/v1/partner/webhooks/${ids.sandbox.webhookId}`),
    );
    const wrongPassword = `wrong-${randomToken(12)}`;
    secrets.push(wrongPassword);
    await send('POST', '/v1/partner/auth/login', {}, { email: alice.email, password: wrongPassword });
    await send('POST', '/v1/partner/auth/login', {}, { email: alice.email, password: alice.password });

    const text = logs.text();
    expect(
      logs.lines().some((line) => line.msg === 'incoming request'),
      'the capture holds trace-level request logs',
    ).toBe(true);
    expect(seen.length, 'runs after the matrix, whose responses it searches').toBeGreaterThan(500);
    const found = secrets.filter(
      (secret) => text.includes(secret) || seen.some((response) => response.includes(secret)),
    );
    expect(found.map((secret) => `${secret.slice(0, 6)}…`)).toEqual([]);
  });
});
