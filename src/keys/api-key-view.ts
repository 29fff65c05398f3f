import type { ApiKey } from '../db/schema.js';

/** A key as listings show it: never the secret key or the HMAC secret. */
export function apiKeyView(key: ApiKey) {
  return {
    id: key.id,
    partnerId: key.partner_id,
    name: key.name,
    environment: key.environment,
    keyType: key.key_type,
    publicKey: key.public_key,
    secretKeyHint: key.secret_key_hint,
    isActive: key.is_active,
    expiresAt: key.expires_at?.toISOString() ?? null,
    lastUsedAt: key.last_used_at?.toISOString() ?? null,
    createdAt: key.created_at.toISOString(),
  };
}

export type ApiKeyView = ReturnType<typeof apiKeyView>;
