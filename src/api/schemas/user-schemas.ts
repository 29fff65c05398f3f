import { z } from 'zod';
import { isoDateTime, metadataSchema, pageQuerySchema } from './common.js';

const externalId = z.string().min(1).max(255);
const name = z.string().trim().min(1).max(100);

export const partnerUserSchema = z
  .object({
    id: z.string(),
    externalUserId: z.string(),
    environment: z.enum(['sandbox', 'production']),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    sirAccountId: z.string().nullable().describe('The full SIR account the user was upgraded to'),
    upgradedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PartnerUser' });

export const createUserBody = z.strictObject({
  externalUserId: externalId.describe('Your stable id for this user'),
  email: z.email().max(320).optional(),
  firstName: name.optional(),
  lastName: name.optional(),
  metadata: metadataSchema.optional(),
});

export const updateUserBody = z
  .strictObject({
    email: z.email().max(320).nullable().optional(),
    firstName: name.nullable().optional(),
    lastName: name.nullable().optional(),
    metadata: metadataSchema.optional().describe('Merged into the stored metadata; a key set to null is removed'),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const upgradeUserBody = z.strictObject({
  sirAccountId: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .describe('The full SIR account this user now has'),
});

export const listUsersQuery = pageQuerySchema.extend({
  email: z.email().optional(),
  createdAfter: isoDateTime.optional(),
  createdBefore: isoDateTime.optional(),
});

export const externalIdParams = z.strictObject({ externalId });
