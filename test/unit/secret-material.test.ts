import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyMaterial, parseKeyPrefix } from '../../src/security/api-key-material.js';
import { createSecretBox } from '../../src/security/secret-box.js';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32).toString('hex'));

  it('round-trips a secret and never stores it in the clear', () => {
    const sealed = box.seal('hmac-secret-value');
    expect(sealed).not.toContain('hmac-secret-value');
    expect(box.open(sealed)).toBe('hmac-secret-value');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a tampered ciphertext and another master key', () => {
    const sealed = box.seal('value');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join(':'))).toThrow();
    expect(() => createSecretBox(randomBytes(32).toString('hex')).open(sealed)).toThrow();
  });
});

describe('key material', () => {
  it('gives test keys to sandbox and live keys to production, and parses them back', () => {
    const sandbox = generateKeyMaterial('sandbox');
    const production = generateKeyMaterial('production');
    expect(parseKeyPrefix(sandbox.publicKey)).toEqual({ kind: 'publishable', environment: 'sandbox' });
    expect(parseKeyPrefix(sandbox.secretKey)).toEqual({ kind: 'secret', environment: 'sandbox' });
    expect(parseKeyPrefix(production.secretKey)).toEqual({ kind: 'secret', environment: 'production' });
    expect(sandbox.hmacSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses anything that is not a well-formed key', () => {
    for (const bad of [
      '',
      'sk_test_',
      'sk_prod_abcdefghijklmnopqrst',
      'pk_test_ABCDEFGHIJKLMNOPQRST',
      'xk_test_abcdefghijklmnopqrst',
      'sk_test_abc def ghijklmnopqr',
    ]) {
      expect(parseKeyPrefix(bad)).toBeNull();
    }
  });
});
