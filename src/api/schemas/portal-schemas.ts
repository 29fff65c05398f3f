import { z } from 'zod';
import { exampleIds } from './example-values.js';
import { partnerExample, partnerSchema } from './key-schemas.js';

export const loginBody = z
  .strictObject({
    email: z.email().max(320),
    password: z.string().min(1).max(200),
  })
  .meta({ examples: [{ email: 'dev@acme-outdoors.example.com', password: 'correct horse battery staple' }] });

export const portalUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  partnerId: z.string().nullable(),
});

const portalUserExample = {
  id: exampleIds.portalUser,
  email: 'dev@acme-outdoors.example.com',
  name: 'Dana Developer',
  partnerId: exampleIds.partner,
};

export const loginResponse = z
  .object({
    token: z.string(),
    tokenType: z.literal('Bearer'),
    expiresAt: z.string(),
    user: portalUserSchema,
  })
  .meta({
    examples: [
      {
        token:
          'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfNXQ3eTl1MWkzbzVwN2E5czFkM2YifQ.2Jm0kq8vY6b3X1zQeW4rT7uI9oP5aS2dF8gH0jK3lMn',
        tokenType: 'Bearer',
        expiresAt: '2026-05-10T21:12:00.000Z',
        user: portalUserExample,
      },
    ],
  });

export const meResponse = z
  .object({
    user: portalUserSchema,
    partner: partnerSchema.nullable(),
    publishableKey: z.string().nullable(),
  })
  .meta({
    examples: [
      { user: portalUserExample, partner: partnerExample, publishableKey: 'pk_test_4f9a2c7e1b8d3f6a0k5m2n7p9q3r8s1t' },
    ],
  });
