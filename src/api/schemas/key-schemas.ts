import { z } from 'zod';
import { isoDateTime } from './common.js';

export const environmentSchema = z.enum(['sandbox', 'production']);

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
  .meta({ id: 'ApiKey' });

export const createdApiKeySchema = apiKeySchema
  .extend({
    secretKey: z.string().optional().describe('Shown once; store it in a secret manager'),
    hmacSecret: z.string().optional().describe('Shown once; 64 hex characters used to sign requests'),
  })
  .meta({ id: 'CreatedApiKey' });

export const createKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  environment: environmentSchema,
  keyType: z.enum(['secret', 'publishable']).default('secret'),
  expiresAt: isoDateTime.optional(),
});

export const updateKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    isActive: z.boolean().optional(),
    expiresAt: isoDateTime.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, isActive, expiresAt');

export const keyIdParams = z.strictObject({ id: z.string().min(1).max(64) });

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
  .meta({ id: 'Partner' });
