import { randomToken } from '../ids.js';
import { hashSecretKey, secretKeyHint } from '../security/api-key-material.js';

/** An operator credential: `op_` and 40 random base36 characters (~200 bits), never a partner key. */
export function generateOperatorToken(): string {
  return `op_${randomToken(40)}`;
}

export function isOperatorToken(value: string): boolean {
  return /^op_[0-9a-z]{40}$/.test(value);
}

/** As random as a secret key, so the same plain SHA-256 lookup hash is safe. */
export const hashOperatorToken = hashSecretKey;

/** Lets a listing or a log line tell tokens apart without the secret. */
export const operatorTokenHint = secretKeyHint;
