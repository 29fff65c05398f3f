import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestSignature, signedRequestHeaders } from '../../packages/sir-partner-client/src/index.js';
import { computeRequestSignature, isTimestampFresh, signaturesMatch } from '../../src/security/request-signature.js';

const requests = fc.record({
  hmacSecret: fc.string({ minLength: 1 }),
  timestamp: fc.integer({ min: 0, max: 9_999_999_999 }).map(String),
  method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'get', 'post'),
  pathWithQuery: fc
    .webPath()
    .chain((path) => fc.webQueryParameters().map((query) => (query ? `/v1${path}?${query}` : `/v1${path}`))),
  rawBody: fc.oneof(fc.constant(''), fc.json(), fc.string({ unit: 'grapheme' })),
});

describe('request signing', () => {
  it("computes the server's signature for any request, Unicode bodies included", () => {
    fc.assert(
      fc.property(requests, ({ hmacSecret, ...request }) => {
        const expected = computeRequestSignature(hmacSecret, {
          ...request,
          rawBody: Buffer.from(request.rawBody, 'utf8'),
        });
        expect(requestSignature(hmacSecret, request)).toBe(expected);
      }),
    );
  });

  it("matches the spec's curl recipe (openssl) for a GET with a query, the method upper-cased", () => {
    // printf '%s' "1700000000GET/v1/partner/users?limit=2$(printf '' | shasum -a 256 | awk '{print $1}')" | openssl dgst -sha256 -hmac secret -hex
    const signature = requestSignature('secret', {
      timestamp: '1700000000',
      method: 'get',
      pathWithQuery: '/v1/partner/users?limit=2',
      rawBody: '',
    });
    expect(signature).toBe('89cc616a735d19200274887f2860f076451c522987154ddf6cddac7ecb30aee0');
  });

  it('produces headers the server accepts now, and a timestamp it refuses six minutes later', () => {
    const credentials = { secretKey: 'sk_test_abc', hmacSecret: 'hmac-secret' };
    const rawBody = JSON.stringify({ externalUserId: 'user_1', email: 'zoë@example.com' });
    const now = Date.now();
    const headers = signedRequestHeaders(
      credentials,
      { method: 'POST', pathWithQuery: '/v1/partner/users', rawBody },
      now,
    );

    expect(headers['X-Partner-Key']).toBe('sk_test_abc');
    expect(headers['X-Timestamp']).toBe(Math.floor(now / 1000).toString());
    const expected = computeRequestSignature('hmac-secret', {
      timestamp: headers['X-Timestamp']!,
      method: 'POST',
      pathWithQuery: '/v1/partner/users',
      rawBody: Buffer.from(rawBody),
    });
    expect(signaturesMatch(expected, headers['X-Signature']!)).toBe(true);
    expect(isTimestampFresh(headers['X-Timestamp']!, now)).toBe(true);
    expect(isTimestampFresh(headers['X-Timestamp']!, now + 6 * 60_000)).toBe(false);
  });
});
