import { createHash, randomBytes } from 'node:crypto';
import type { Environment } from '../db/schema.js';
import { randomToken } from '../ids.js';

export interface KeyMaterial {
  publicKey: string;
  secretKey: string;
  hmacSecret: string;
}

const environmentTag: Record<Environment, string> = { sandbox: 'test', production: 'live' };

export function generateKeyMaterial(environment: Environment): KeyMaterial {
  const tag = environmentTag[environment];
  return {
    publicKey: `pk_${tag}_${randomToken(32)}`,
    secretKey: `sk_${tag}_${randomToken(40)}`,
    hmacSecret: randomBytes(32).toString('hex'),
  };
}

/** Secret keys carry ~200 random bits, so a plain SHA-256 is a safe lookup hash (no KDF needed). */
export function hashSecretKey(secretKey: string): string {
  return createHash('sha256').update(secretKey).digest('hex');
}

/** Shown in listings so a partner can tell keys apart without the secret. */
export function secretKeyHint(secretKey: string): string {
  return `${secretKey.slice(0, 8)}…${secretKey.slice(-4)}`;
}

export interface ParsedKey {
  kind: 'publishable' | 'secret';
  environment: Environment;
}

/** The prefix alone decides the key's kind and environment. */
export function parseKeyPrefix(key: string): ParsedKey | null {
  const match = /^(pk|sk)_(test|live)_[0-9a-z]{16,64}$/.exec(key);
  if (!match) return null;
  return {
    kind: match[1] === 'pk' ? 'publishable' : 'secret',
    environment: match[2] === 'test' ? 'sandbox' : 'production',
  };
}
