import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Encrypts secrets at rest (HMAC and webhook secrets) with AES-256-GCM under the master key. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const version = 'v1';

export function createSecretBox(masterKeyHex: string): SecretBox {
  const key = Buffer.from(masterKeyHex, 'hex');
  if (key.length !== 32) throw new Error('master key must be 32 bytes of hex');
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
      return [version, ...parts].join(':');
    },
    open(sealed) {
      const [tag, iv, authTag, ciphertext] = sealed.split(':');
      if (tag !== version || !iv || !authTag || ciphertext === undefined) {
        throw new Error('sealed secret has an unknown format');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      return plain.toString('utf8');
    },
  };
}
