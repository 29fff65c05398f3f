import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('bad input never causes a 500 and never writes', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  async function post(rawBody: string, contentType = 'application/json') {
    const headers = {
      ...signedHeaders(partner.sandbox, 'POST', '/v1/partner/users', rawBody),
      'content-type': contentType,
    };
    return t.app.inject({ method: 'POST', url: '/v1/partner/users', headers, payload: rawBody });
  }

  async function userCount() {
    const rows = await t.database.db.selectFrom('partner_users').select('id').execute();
    return rows.length;
  }

  const cases: Array<[string, string, number, string, string?]> = [
    ['malformed JSON', '{"externalUserId": ', 400, 'INVALID_JSON'],
    ['a JSON array', '[1,2]', 400, 'VALIDATION_ERROR'],
    ['a wrong type', '{"externalUserId": 42}', 400, 'VALIDATION_ERROR'],
    ['a missing required field', '{"email": "a@example.com"}', 400, 'VALIDATION_ERROR'],
    ['an unknown field', '{"externalUserId": "u1", "isAdmin": true}', 400, 'VALIDATION_ERROR'],
    ['an invalid email', '{"externalUserId": "u1", "email": "nope"}', 400, 'VALIDATION_ERROR'],
    ['a prototype-poisoning key', '{"externalUserId": "u1", "__proto__": {"x": 1}}', 400, 'INVALID_JSON'],
    ['a too-long external id', JSON.stringify({ externalUserId: 'x'.repeat(256) }), 400, 'VALIDATION_ERROR'],
    [
      'oversized metadata',
      JSON.stringify({ externalUserId: 'u1', metadata: { big: 'x'.repeat(9000) } }),
      400,
      'VALIDATION_ERROR',
    ],
    [
      'a body over the 64 KB a one-object route accepts',
      JSON.stringify({ externalUserId: 'u1', pad: 'x'.repeat(64 * 1024) }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a form content type', 'externalUserId=u1', 415, 'UNSUPPORTED_MEDIA_TYPE', 'application/x-www-form-urlencoded'],
  ];

  for (const [name, body, status, code, contentType] of cases) {
    it(`answers ${name} with ${status} ${code} in the error envelope`, async () => {
      const before = await userCount();
      const response = await post(body, contentType);
      expect(response.statusCode).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(typeof response.json().error.message).toBe('string');
      expect(await userCount()).toBe(before);
    });
  }

  it('says the limit a route accepts, and keeps the configured limit for bulk batches', async () => {
    const oneObject = await post(JSON.stringify({ externalUserId: 'u1', pad: 'x'.repeat(64 * 1024) }));
    expect(oneObject.json().error).toMatchObject({
      message: 'the request body is larger than the 65536 bytes this route accepts',
      details: { limitBytes: 65536 },
    });

    const bulk = async (body: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/partner/actions/bulk',
        headers: {
          ...signedHeaders(partner.sandbox, 'POST', '/v1/partner/actions/bulk', body),
          'content-type': 'application/json',
        },
        payload: body,
      });
    // 100 items of 2 KB each: over the one-object limit, well within a batch's; read and validated.
    const batch = JSON.stringify({
      actions: Array.from({ length: 100 }, (_, i) => ({ idempotencyKey: `k${i}`, note: 'x'.repeat(2048) })),
    });
    expect(batch.length).toBeGreaterThan(64 * 1024);
    expect([(await bulk(batch)).statusCode, (await bulk(batch)).json().error.code]).toEqual([400, 'VALIDATION_ERROR']);
    const overBatch = await bulk(JSON.stringify({ actions: [], pad: 'x'.repeat(1024 * 1024) }));
    expect([overBatch.statusCode, overBatch.json().error.details]).toEqual([413, { limitBytes: 1024 * 1024 }]);
  });

  it('refuses an oversized body from its Content-Length, before reading it', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const headers = {
      ...signedHeaders(partner.sandbox, 'POST', '/v1/partner/users', ''),
      'content-type': 'application/json',
      'content-length': String(1024 * 1024),
    };
    // The headers go out and the body never does: only an answer from the headers alone can arrive.
    const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const call = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/v1/partner/users', headers },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
          call.destroy();
        },
      );
      call.on('error', reject);
      call.flushHeaders();
    });
    expect(answer).toEqual({ status: 413, connection: 'close' });
  });

  it('names the offending field in validation details', async () => {
    const response = await post('{"externalUserId": 42}');
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ location: 'body', path: '/externalUserId' }),
    ]);
  });

  it('answers bad query parameters with 400', async () => {
    for (const query of [
      'limit=0',
      'limit=abc',
      'limit=101',
      'cursor=%%%',
      'cursor=bm9wZQ',
      'createdAfter=yesterday',
      'unknown=1',
    ]) {
      const path = `/v1/partner/users?${query}`;
      const response = await t.app.inject({
        method: 'GET',
        url: path,
        headers: signedHeaders(partner.sandbox, 'GET', path),
      });
      expect([response.statusCode, response.json().error.code]).toEqual([400, 'VALIDATION_ERROR']);
    }
  });

  it('answers unknown routes with the 404 envelope', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/partner/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('refuses an empty JWT body on login with 400, and a wrong password with 401', async () => {
    const empty = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(400);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/auth/login',
      payload: { email: partner.email, password: 'wrong' },
    });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  });
});
