import { z } from 'zod';
import { isoDateTime } from './common.js';
import { exampleIds, exampleTimes } from './example-values.js';

export const environmentSchema = z.enum(['sandbox', 'production']);

const apiKeyExample = {
  id: exampleIds.key,
  partnerId: exampleIds.partner,
  name: 'Checkout server',
  environment: 'sandbox' as const,
  keyType: 'secret' as const,
  publicKey: 'pk_test_4f9a2c7e1b8d3f6a0k5m2n7p9q3r8s1t',
  secretKeyHint: 'sk_test_…c41e',
  isActive: true,
  expiresAt: exampleTimes.expires,
  lastUsedAt: exampleTimes.completed,
  createdAt: exampleTimes.created,
};

export const apiKeySchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    name: z.string(),
    environment: environmentSchema,
    keyType: z.enum(['secret', 'publishable']),
    publicKey: z.string(),
    secretKeyHint: z.string().nullable(),
    isActive: z.boolean(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiKey', examples: [apiKeyExample] });

export const createdApiKeySchema = apiKeySchema
  .extend({
    secretKey: z.string().optional().describe('Shown once; store it in a secret manager'),
    hmacSecret: z.string().optional().describe('Shown once; 64 hex characters used to sign requests'),
  })
  .meta({
    id: 'CreatedApiKey',
    examples: [
      {
        ...apiKeyExample,
        lastUsedAt: null,
        secretKey: 'sk_test_7d2k9m4x1q8w3e6r0t5y2u7i4o9p1a6s3d8fc41e',
        hmacSecret: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      },
    ],
  });

export const createKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    environment: environmentSchema,
    keyType: z.enum(['secret', 'publishable']).default('secret'),
    expiresAt: isoDateTime.optional(),
  })
  .meta({
    examples: [
      { name: 'Checkout server', environment: 'sandbox', keyType: 'secret', expiresAt: '2027-05-10T00:00:00Z' },
    ],
  });

export const updateKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    isActive: z.boolean().optional(),
    expiresAt: isoDateTime.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, isActive, expiresAt')
  .meta({ examples: [{ name: 'Checkout server (old)', isActive: false }] });

export const keyIdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const partnerExample = {
  id: exampleIds.partner,
  name: 'Acme Outdoors',
  slug: 'acme-outdoors',
  status: 'ACTIVE' as const,
  contactEmail: 'dev@acme-outdoors.example.com',
  features: ['actions', 'webhooks', 'donations'],
  rateLimit: { requestsPerMinute: 600 },
  createdAt: '2026-04-01T08:00:00.000Z',
};

export const partnerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    status: z.enum(['PENDING', 'ACTIVE', 'INACTIVE', 'SUSPENDED']),
    contactEmail: z.string().nullable(),
    features: z.array(z.string()),
    rateLimit: z.object({ requestsPerMinute: z.number().int() }),
    createdAt: z.string(),
  })
  .meta({ id: 'Partner', examples: [partnerExample] });
