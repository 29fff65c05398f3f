import { z } from 'zod';
import { partnerSchema } from './key-schemas.js';

export const loginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(200),
});

export const portalUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  partnerId: z.string().nullable(),
});

export const loginResponse = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresAt: z.string(),
  user: portalUserSchema,
});

export const meResponse = z.object({
  user: portalUserSchema,
  partner: partnerSchema.nullable(),
  publishableKey: z.string().nullable(),
});
