import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { randomToken } from '../ids.js';
import { createApiKeyService } from '../keys/api-key-service.js';
import { createPartnerAccount } from '../portal/create-partner-account.js';
import { createOperator } from '../operators/create-operator.js';
import { createTokenPool } from '../pools/create-token-pool.js';
import { findPortalUserByEmail } from '../portal/portal-user-repository.js';
import type { SecretBox } from '../security/secret-box.js';

export const seedEmail = 'developer@sandbox.local';

export interface SandboxCredentials {
  email: string;
  password: string;
  partnerId: string;
  publicKey: string;
  secretKey: string;
  hmacSecret: string;
  poolId: string;
  /** For the admin API and `npm run ops` against this stack. */
  operatorToken: string;
}

/**
 * On first start only: a portal user, its sandbox partner, a key pair and a funded sandbox pool.
 * Returns null when the seed already exists (its secrets were shown then and are not kept).
 */
export async function seedSandbox(db: Kysely<Database>, secretBox: SecretBox): Promise<SandboxCredentials | null> {
  if (await findPortalUserByEmail(db, seedEmail)) return null;
  const password = randomToken(20);
  const { user, partner } = await createPartnerAccount(db, {
    email: seedEmail,
    password,
    name: 'Sandbox Developer',
    partnerName: 'Sandbox Partner',
  });
  const key = await createApiKeyService({ db, secretBox }).create(user, {
    name: 'Sandbox Integration',
    environment: 'sandbox',
    keyType: 'secret',
  });
  const pool = await createTokenPool(
    db,
    { partnerId: partner.id, environment: 'sandbox' },
    { name: 'Sandbox pool', initialTokens: 1_000_000, lowBalanceThreshold: 10_000 },
  );
  const operator = await createOperator(db, 'Local operator');
  return {
    email: seedEmail,
    password,
    partnerId: partner.id,
    publicKey: key.publicKey,
    secretKey: key.secretKey!,
    hmacSecret: key.hmacSecret!,
    poolId: pool.id,
    operatorToken: operator.token,
  };
}

/** The variables the README's curl walk-through reads, in a file only this user can read. */
export async function writeSandboxEnv(
  dataDir: string,
  baseUrl: string,
  credentials: SandboxCredentials,
): Promise<string> {
  const file = join(dataDir, 'sandbox.env');
  const lines = [
    `export SIR_BASE_URL="${baseUrl}"`,
    `export SIR_SECRET_KEY="${credentials.secretKey}"`,
    `export SIR_HMAC_SECRET="${credentials.hmacSecret}"`,
    `export SIR_PUBLISHABLE_KEY="${credentials.publicKey}"`,
    `export SIR_PORTAL_EMAIL="${credentials.email}"`,
    `export SIR_PORTAL_PASSWORD="${credentials.password}"`,
    `export SIR_OPERATOR_TOKEN="${credentials.operatorToken}"`,
  ];
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}
