import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeRequestSignature, isTimestampFresh, signaturesMatch } from '../../src/security/request-signature.js';

describe('request signature', () => {
  it('signs timestamp + METHOD + path with query + sha256(body), as the spec writes it', () => {
    const bodyHash = createHash('sha256').update('{"a":1}').digest('hex');
    const expected = createHmac('sha256', 'secret')
      .update(`1700000000POST/v1/partner/users?x=1${bodyHash}`)
      .digest('hex');
    expect(
      computeRequestSignature('secret', {
        timestamp: '1700000000',
        method: 'post',
        pathWithQuery: '/v1/partner/users?x=1',
        rawBody: '{"a":1}',
      }),
    ).toBe(expected);
  });

  it('hashes an empty body as the sha256 of the empty string', () => {
    const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const expected = createHmac('sha256', 's').update(`1GET/p${emptyHash}`).digest('hex');
    expect(
      computeRequestSignature('s', { timestamp: '1', method: 'GET', pathWithQuery: '/p', rawBody: Buffer.alloc(0) }),
    ).toBe(expected);
  });

  it('accepts timestamps within 300 seconds either way and nothing else', () => {
    const now = 1_700_000_000_000;
    expect(isTimestampFresh('1700000300', now)).toBe(true);
    expect(isTimestampFresh('1699999700', now)).toBe(true);
    expect(isTimestampFresh('1700000301', now)).toBe(false);
    expect(isTimestampFresh('1699999699', now)).toBe(false);
    for (const bad of ['', '1.7e9', '-1', '1700000000.5', ' 1700000000', '0x10'])
      expect(isTimestampFresh(bad, now)).toBe(false);
  });

  it('compares signatures in constant time, case-insensitively, and refuses length mismatches', () => {
    expect(signaturesMatch('abcd', 'ABCD')).toBe(true);
    expect(signaturesMatch('abcd', 'abce')).toBe(false);
    expect(signaturesMatch('abcd', 'abc')).toBe(false);
  });
});
