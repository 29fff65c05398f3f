import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

/** Issue 14, findings 1–3: every JSON body is I-JSON before any hook or handler reads it. */
describe('request bodies follow I-JSON (RFC 7493) on every route', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp({ ipRateLimitPerMinute: 1_000_000 });
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  const nested = (depth: number) => `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const signedPost = (path: string, rawBody: string) =>
    t.app.inject({
      method: 'POST',
      url: path,
      headers: signedHeaders(partner.sandbox, 'POST', path, rawBody),
      payload: rawBody,
    });
  const userCount = async () => (await t.database.db.selectFrom('partner_users').select('id').execute()).length;

  function expectRefusal(
    response: { statusCode: number; json(): { error: { code: string; message: string } } },
    code: string,
  ) {
    expect([response.statusCode, response.json().error.code]).toEqual([400, code]);
    expect(typeof response.json().error.message).toBe('string');
  }

  it('finding 1: refuses deep nesting with 400 JSON_TOO_DEEP, signed, unauthenticated or on no route, at bounded CPU', async () => {
    // Every depth within a one-object route's 64 KB; the old recursive checks overflowed from 4,000.
    for (const depth of [5_000, 3_000, 33, 30_000]) {
      const nowhere = await t.app.inject({
        method: 'POST',
        url: '/v1/nothing-here',
        headers: { 'content-type': 'application/json' },
        payload: nested(depth),
      });
      expectRefusal(nowhere, 'JSON_TOO_DEEP');
      const login = await t.app.inject({
        method: 'POST',
        url: '/v1/partner/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: nested(depth),
      });
      expectRefusal(login, 'JSON_TOO_DEEP');
      expectRefusal(await signedPost('/v1/partner/users', nested(depth)), 'JSON_TOO_DEEP');
    }
    const metadata = `{"externalUserId":"deep","metadata":{"k":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`;
    expectRefusal(await signedPost('/v1/partner/users', metadata), 'JSON_TOO_DEEP');
    // A 1 MB nested body: a one-object route refuses it from its length; bulk, which takes 1 MB,
    // reads it and refuses it after 33 characters of scanning, at bounded CPU.
    const large = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: nested(500_000),
    });
    expect([large.statusCode, large.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const bulk = () => signedPost('/v1/partner/actions/bulk', nested(500_000));
    expectRefusal(await bulk(), 'JSON_TOO_DEEP');
    const started = process.cpuUsage();
    for (let i = 0; i < 10; i++) await bulk();
    const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000 / 10;
    expect(cpuMs).toBeLessThan(60);
    expect(await userCount()).toBe(0);
  });

  it('finding 2: refuses lone surrogates (escaped or as bytes) with 400 JSON_INVALID_UNICODE, so no two ids become one user', async () => {
    for (const id of ['u\\ud800', 'u\\udbff', 'u\\udc00']) {
      expectRefusal(await signedPost('/v1/partner/users', `{"externalUserId":"${id}"}`), 'JSON_INVALID_UNICODE');
    }
    expectRefusal(
      await signedPost('/v1/partner/users', '{"externalUserId":"ok","metadata":{"k":"\\ud800"}}'),
      'JSON_INVALID_UNICODE',
    );
    expectRefusal(
      await signedPost('/v1/partner/users', '{"externalUserId":"ok","firstName":"\\u0000"}'),
      'JSON_INVALID_UNICODE',
    );
    // U+D800 encoded as UTF-8 would be (CESU-8): not UTF-8 at all.
    const cesu = Buffer.concat([
      Buffer.from('{"email":"a'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('@example.com","password":"x"}'),
    ]);
    expectRefusal(
      await t.app.inject({
        method: 'POST',
        url: '/v1/partner/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: cesu,
      }),
      'JSON_INVALID_UNICODE',
    );
    expect(await userCount()).toBe(0);
    // A surrogate pair is a real character and stays one.
    const emoji = await signedPost('/v1/partner/users', '{"externalUserId":"smile\\ud83d\\ude00"}');
    expect([emoji.statusCode, emoji.json().externalUserId]).toEqual([201, 'smile😀']);
  });

  it('finding 3: refuses duplicate member names, a byte order mark and -0, so a signed body means one thing to every parser', async () => {
    const submit =
      '{"idempotencyKey":"dup-1","actionType":"PURCHASE","amount":1,"stakeholders":[{"stakeholderTypeCode":"CUSTOMER","partnerUserId":"u1"}],"amount":500000}';
    expectRefusal(await signedPost('/v1/partner/actions/submit', submit), 'JSON_DUPLICATE_MEMBER');
    expectRefusal(
      await signedPost('/v1/partner/users', '{"externalUserId":"a","metadata":{"k":1,"k":2}}'),
      'JSON_DUPLICATE_MEMBER',
    );
    expectRefusal(await signedPost('/v1/partner/users', '\ufeff{"externalUserId":"bom"}'), 'INVALID_JSON');
    expectRefusal(
      await signedPost('/v1/partner/users', '{"externalUserId":"z","metadata":{"n":-0}}'),
      'JSON_NUMBER_NOT_REPRESENTABLE',
    );
    expectRefusal(
      await signedPost('/v1/partner/users', '{"externalUserId":"z","metadata":{"n":1e400}}'),
      'JSON_NUMBER_NOT_REPRESENTABLE',
    );
    expectRefusal(
      await signedPost('/v1/partner/users', '{"externalUserId":"z","metadata":{"n":9007199254740993}}'),
      'JSON_NUMBER_NOT_REPRESENTABLE',
    );
    expect(await userCount()).toBe(1);
    expect(await t.database.db.selectFrom('actions').select('id').execute()).toEqual([]);
  });
});
