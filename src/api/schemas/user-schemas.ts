import { z } from 'zod';
import { isoDateTime, metadataSchema, pageQuerySchema } from './common.js';
import { exampleIds, exampleTimes, exampleUserId } from './example-values.js';

const externalId = z.string().min(1).max(255);
const name = z.string().trim().min(1).max(100);

export const partnerUserExample = {
  id: exampleIds.partnerUser,
  externalUserId: exampleUserId,
  environment: 'sandbox' as const,
  email: 'customer@example.com',
  firstName: 'Jane',
  lastName: 'Doe',
  metadata: { tier: 'gold' },
  sirAccountId: null,
  upgradedAt: null,
  createdAt: exampleTimes.created,
  updatedAt: exampleTimes.created,
};

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
  .meta({ id: 'PartnerUser', examples: [partnerUserExample] });

export const createUserBody = z
  .strictObject({
    externalUserId: externalId.describe('Your stable id for this user'),
    email: z.email().max(320).optional(),
    firstName: name.optional(),
    lastName: name.optional(),
    metadata: metadataSchema.optional(),
  })
  .meta({
    examples: [
      {
        externalUserId: exampleUserId,
        email: 'customer@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        metadata: { tier: 'gold' },
      },
    ],
  });

export const updateUserBody = z
  .strictObject({
    email: z.email().max(320).nullable().optional(),
    firstName: name.nullable().optional(),
    lastName: name.nullable().optional(),
    metadata: metadataSchema.optional().describe('Merged into the stored metadata; a key set to null is removed'),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ examples: [{ email: 'jane.doe@example.com', metadata: { tier: 'platinum', referrer: null } }] });

export const upgradeUserBody = z
  .strictObject({
    sirAccountId: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .describe('The full SIR account this user now has'),
  })
  .meta({ examples: [{ sirAccountId: 'sir_acc_20931' }] });

export const listUsersQuery = pageQuerySchema.extend({
  email: z.email().optional(),
  createdAfter: isoDateTime.optional(),
  createdBefore: isoDateTime.optional(),
});

export const externalIdParams = z.strictObject({ externalId });
