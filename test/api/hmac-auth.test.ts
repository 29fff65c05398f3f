import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

const run = promisify(execFile);

/** The spec's shell recipe (shasum + openssl + curl), with method, path and body as parameters. */
const specRecipe = `
TS=$(date +%s)
BODY_HASH=$(printf '%s' "$BODY" | shasum -a 256 | awk '{print $1}')
SIG=$(printf '%s' "\${TS}\${METHOD}\${PATH_}\${BODY_HASH}" \\
  | openssl dgst -sha256 -hmac "$SIR_HMAC_SECRET" -hex \\
  | awk '{print $2}')
curl -s -w '\\n%{http_code}' -X "$METHOD" "$SIR_BASE_URL$PATH_" \\
  -H "X-Partner-Key: $SIR_SECRET_KEY" \\
  -H "X-Timestamp: $TS" \\
  -H "X-Signature: $SIG" \\
  \${BODY:+-H "Content-Type: application/json" --data-binary "$BODY"}
`;

describe('HMAC request signing (spec section 3)', () => {
  let t: TestApp;
  let partner: TestPartner;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => t.close());

  async function viaShell(method: string, path: string, body = '') {
    const { stdout } = await run('bash', ['-c', specRecipe], {
      env: {
        PATH: process.env.PATH,
        SIR_BASE_URL: baseUrl,
        SIR_SECRET_KEY: partner.sandbox.partnerKey,
        SIR_HMAC_SECRET: partner.sandbox.hmacSecret,
        METHOD: method,
        PATH_: path,
        BODY: body,
      },
    });
    const lines = stdout.trimEnd().split('\n');
    return { status: Number(lines.pop()), body: JSON.parse(lines.join('\n') || 'null') };
  }

  it('accepts a POST with a body signed by the openssl/shasum recipe', async () => {
    const result = await viaShell('POST', '/v1/partner/users', '{"externalUserId":"shell_1", "firstName": "Spaced"}');
    expect(result.status).toBe(201);
    expect(result.body.externalUserId).toBe('shell_1');
  });

  it('accepts a GET with a query string and an empty body signed by the recipe', async () => {
    const result = await viaShell('GET', '/v1/partner/users?limit=1');
    expect(result.status).toBe(200);
    expect(result.body.pagination.limit).toBe(1);
  });

  it('accepts a GET by path parameter signed by the recipe', async () => {
    const result = await viaShell('GET', '/v1/partner/users/shell_1');
    expect(result.status).toBe(200);
  });

  function expectError(response: { statusCode: number; json(): unknown }, status: number, code: string) {
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
  }

  it('refuses a body re-serialized after signing', async () => {
    const signedBody = '{"externalUserId": "reser_1"}';
    const headers = signedHeaders(partner.sandbox, 'POST', '/v1/partner/users', signedBody);
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/users',
      headers,
      payload: '{"externalUserId":"reser_1"}',
    });
    expectError(response, 401, 'INVALID_SIGNATURE');
  });

  it('refuses a signature made for another path or another query string', async () => {
    const headers = signedHeaders(partner.sandbox, 'GET', '/v1/partner/users');
    expectError(
      await t.app.inject({ method: 'GET', url: '/v1/partner/users?limit=5', headers }),
      401,
      'INVALID_SIGNATURE',
    );
    expectError(await t.app.inject({ method: 'GET', url: '/v1/partner/users/x', headers }), 401, 'INVALID_SIGNATURE');
  });

  it('refuses a signature made for another method', async () => {
    const headers = signedHeaders(partner.sandbox, 'POST', '/v1/partner/users');
    expectError(await t.app.inject({ method: 'GET', url: '/v1/partner/users', headers }), 401, 'INVALID_SIGNATURE');
  });

  it('refuses stale, future, missing and malformed timestamps', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Well past the 300 s window, so a slow run crossing a second boundary cannot bring them inside.
    for (const timestamp of [String(now - 310), String(now + 310), 'soon', '']) {
      const headers = signedHeaders(partner.sandbox, 'GET', '/v1/partner/users', '', timestamp);
      expectError(await t.app.inject({ method: 'GET', url: '/v1/partner/users', headers }), 401, 'TIMESTAMP_EXPIRED');
    }
  });

  it('accepts timestamps just inside the window on either side', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [String(now - 290), String(now + 290)]) {
      const headers = signedHeaders(partner.sandbox, 'GET', '/v1/partner/users', '', timestamp);
      expect((await t.app.inject({ method: 'GET', url: '/v1/partner/users', headers })).statusCode).toBe(200);
    }
  });

  it('refuses a tampered or missing signature', async () => {
    const headers = signedHeaders(partner.sandbox, 'GET', '/v1/partner/users');
    const flipped = headers['x-signature']!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expectError(
      await t.app.inject({ method: 'GET', url: '/v1/partner/users', headers: { ...headers, 'x-signature': flipped } }),
      401,
      'INVALID_SIGNATURE',
    );
    const { 'x-signature': _dropped, ...unsigned } = headers;
    expectError(
      await t.app.inject({ method: 'GET', url: '/v1/partner/users', headers: unsigned }),
      401,
      'INVALID_SIGNATURE',
    );
  });

  it('refuses a signature made with another partner secret', async () => {
    const other = await t.createPartner();
    const headers = signedHeaders(
      { partnerKey: partner.sandbox.partnerKey, hmacSecret: other.sandbox.hmacSecret },
      'GET',
      '/v1/partner/users',
    );
    expectError(await t.app.inject({ method: 'GET', url: '/v1/partner/users', headers }), 401, 'INVALID_SIGNATURE');
  });

  it('refuses a publishable key on a secret-key route with 403, and accepts it on an HMAC read route', async () => {
    const pk = { partnerKey: partner.sandbox.publicKey, hmacSecret: partner.sandbox.hmacSecret };
    expectError(
      await t.signed(pk, 'POST', '/v1/partner/users', { externalUserId: 'pk_try' }),
      403,
      'SECRET_KEY_REQUIRED',
    );
    expect((await t.signed(pk, 'GET', '/v1/partner/users')).statusCode).toBe(200);
  });

  it('refuses missing, malformed and unknown keys with INVALID_API_KEY', async () => {
    for (const partnerKey of ['', 'not-a-key', 'sk_test_unknownunknownunknown00', 'sk_prod_abcdefabcdefabcdef']) {
      expectError(
        await t.signed({ partnerKey, hmacSecret: partner.sandbox.hmacSecret }, 'GET', '/v1/partner/users'),
        401,
        'INVALID_API_KEY',
      );
    }
  });

  it('refuses deactivated, expired and deleted keys with INVALID_API_KEY', async () => {
    const owner = await t.createPartner();
    const auth = { authorization: `Bearer ${owner.jwt}` };
    expect((await t.signed(owner.sandbox, 'GET', '/v1/partner/users')).statusCode).toBe(200);

    await t.app.inject({
      method: 'PATCH',
      url: `/v1/partner/keys/${owner.sandbox.keyId}`,
      headers: auth,
      payload: { isActive: false },
    });
    expectError(await t.signed(owner.sandbox, 'GET', '/v1/partner/users'), 401, 'INVALID_API_KEY');

    const past = new Date(Date.now() - 1000).toISOString();
    await t.app.inject({
      method: 'PATCH',
      url: `/v1/partner/keys/${owner.production.keyId}`,
      headers: auth,
      payload: { expiresAt: past },
    });
    expectError(await t.signed(owner.production, 'GET', '/v1/partner/users'), 401, 'INVALID_API_KEY');

    const fresh = await t.createPartner();
    await t.app.inject({
      method: 'DELETE',
      url: `/v1/partner/keys/${fresh.sandbox.keyId}`,
      headers: { authorization: `Bearer ${fresh.jwt}` },
    });
    expectError(await t.signed(fresh.sandbox, 'GET', '/v1/partner/users'), 401, 'INVALID_API_KEY');
  });

  it('refuses suspended and non-active partners with their codes, after checking the signature', async () => {
    const suspended = await t.createPartner();
    await t.database.db
      .updateTable('partners')
      .set({ status: 'SUSPENDED' })
      .where('id', '=', suspended.partnerId)
      .execute();
    expectError(await t.signed(suspended.sandbox, 'GET', '/v1/partner/users'), 403, 'PARTNER_SUSPENDED');
    const unsigned = signedHeaders(
      { partnerKey: suspended.sandbox.partnerKey, hmacSecret: 'wrong' },
      'GET',
      '/v1/partner/users',
    );
    expectError(
      await t.app.inject({ method: 'GET', url: '/v1/partner/users', headers: unsigned }),
      401,
      'INVALID_SIGNATURE',
    );

    const pending = await t.createPartner();
    await t.database.db
      .updateTable('partners')
      .set({ status: 'PENDING' })
      .where('id', '=', pending.partnerId)
      .execute();
    expectError(await t.signed(pending.sandbox, 'GET', '/v1/partner/users'), 403, 'PARTNER_NOT_ACTIVE');
  });

  it('lets a publishable key alone call a widget route, and refuses a secret key there', async () => {
    const widget = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/config',
      headers: { 'x-partner-key': partner.sandbox.publicKey },
    });
    expect(widget.statusCode).toBe(200);
    expect(widget.json()).toMatchObject({ partnerId: partner.partnerId, environment: 'sandbox' });
    const secret = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/config',
      headers: { 'x-partner-key': partner.sandbox.partnerKey },
    });
    expectError(secret, 403, 'PUBLISHABLE_KEY_REQUIRED');
  });

  it('echoes a Request-Id header on every response', async () => {
    const response = await t.signed(partner.sandbox, 'GET', '/v1/partner/users');
    expect(response.headers['request-id']).toMatch(/^req_[0-9a-z]{20}$/);
  });
});
