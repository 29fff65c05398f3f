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
    const headers = { ...signedHeaders(partner.sandbox, 'POST', '/v1/partner/users', rawBody), 'content-type': contentType };
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
    ['oversized metadata', JSON.stringify({ externalUserId: 'u1', metadata: { big: 'x'.repeat(9000) } }), 400, 'VALIDATION_ERROR'],
    ['a body over the 1 MB limit', JSON.stringify({ externalUserId: 'u1', pad: 'x'.repeat(1024 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'],
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

  it('names the offending field in validation details', async () => {
    const response = await post('{"externalUserId": 42}');
    expect(response.json().error.details).toEqual([expect.objectContaining({ location: 'body', path: '/externalUserId' })]);
  });

  it('answers bad query parameters with 400', async () => {
    for (const query of ['limit=0', 'limit=abc', 'limit=101', 'cursor=%%%', 'cursor=bm9wZQ', 'createdAfter=yesterday', 'unknown=1']) {
      const path = `/v1/partner/users?${query}`;
      const response = await t.app.inject({ method: 'GET', url: path, headers: signedHeaders(partner.sandbox, 'GET', path) });
      expect([response.statusCode, response.json().error.code]).toEqual([400, 'VALIDATION_ERROR']);
    }
  });

  it('answers unknown routes with the 404 envelope', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/partner/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('refuses an empty JWT body on login with 400, and a wrong password with 401', async () => {
    const empty = await t.app.inject({ method: 'POST', url: '/v1/partner/auth/login', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/partner/auth/login', payload: { email: partner.email, password: 'wrong' } });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  });
});
