import type { Kysely } from 'kysely';
import type { Database, Environment, KeyType, PortalUser } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { toPage } from '../pagination.js';
import { createPartner } from '../partners/create-partner.js';
import { generateKeyMaterial, hashSecretKey, secretKeyHint } from '../security/api-key-material.js';
import type { SecretBox } from '../security/secret-box.js';
import { findApiKey, insertApiKey, listApiKeys, updateApiKey } from './api-key-repository.js';
import { apiKeyView } from './api-key-view.js';

export interface CreateKeyInput {
  name: string;
  environment: Environment;
  keyType: KeyType;
  expiresAt?: Date | null;
}

export interface ApiKeyServiceDeps {
  db: Kysely<Database>;
  secretBox: SecretBox;
}

export function createApiKeyService({ db, secretBox }: ApiKeyServiceDeps) {
  return {
    /** Issues a key pair; a portal user's first key also creates their partner (spec section 2). */
    async create(user: PortalUser, input: CreateKeyInput) {
      const material = generateKeyMaterial(input.environment);
      const isSecret = input.keyType === 'secret';
      const key = await db.transaction().execute(async (trx) => {
        let partnerId = user.partner_id;
        if (!partnerId) {
          const partner = await createPartner(trx, { name: user.name, status: 'ACTIVE', contactEmail: user.email });
          // Guarded on partner_id being null, so two concurrent first keys cannot create two partners.
          const linked = await trx
            .updateTable('portal_users')
            .set({ partner_id: partner.id })
            .where('id', '=', user.id)
            .where('partner_id', 'is', null)
            .executeTakeFirst();
          if (linked.numUpdatedRows !== 1n) throw new ApiError('CONFLICT', 'partner was created concurrently; retry');
          partnerId = partner.id;
        }
        return insertApiKey(trx, {
          id: newId('key'),
          partner_id: partnerId,
          name: input.name,
          environment: input.environment,
          key_type: input.keyType,
          public_key: material.publicKey,
          secret_key_hash: isSecret ? hashSecretKey(material.secretKey) : null,
          secret_key_hint: isSecret ? secretKeyHint(material.secretKey) : null,
          hmac_secret_encrypted: isSecret ? secretBox.seal(material.hmacSecret) : null,
          expires_at: input.expiresAt ?? null,
        });
      });
      const secrets = isSecret ? { secretKey: material.secretKey, hmacSecret: material.hmacSecret } : {};
      return { ...apiKeyView(key), ...secrets };
    },

    async list(partnerId: string, limit: number, cursor?: string) {
      return toPage(await listApiKeys(db, partnerId, limit, cursor), limit, apiKeyView);
    },

    async get(partnerId: string, id: string) {
      const key = await findApiKey(db, partnerId, id);
      if (!key) throw notFound('API key');
      return apiKeyView(key);
    },

    async update(
      partnerId: string,
      id: string,
      changes: { name?: string; isActive?: boolean; expiresAt?: Date | null },
    ) {
      const key = await updateApiKey(db, partnerId, id, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.isActive !== undefined && { is_active: changes.isActive }),
        ...(changes.expiresAt !== undefined && { expires_at: changes.expiresAt }),
      });
      if (!key) throw notFound('API key');
      return apiKeyView(key);
    },

    /** Revocation is permanent; the row stays for audit but can never authenticate again. */
    async remove(partnerId: string, id: string) {
      const key = await updateApiKey(db, partnerId, id, { is_active: false, deleted_at: new Date() });
      if (!key) throw notFound('API key');
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
