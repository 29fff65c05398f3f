import { z } from 'zod';
import { isKnownCurrency, minorUnitsPerUnit } from '../../donations/currency-amount.js';
import { exampleIds, exampleTimes, exampleUserId } from './example-values.js';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a nonprofit slug such as american-red-cross')
  .max(100);

export const organizationParams = z.strictObject({ slug });

export const organizationSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    ein: z.string().nullable(),
    category: z.string().nullable(),
    description: z.string().nullable(),
    websiteUrl: z.string().nullable(),
  })
  .meta({
    id: 'Organization',
    examples: [
      {
        slug: 'american-red-cross',
        name: 'American Red Cross',
        ein: '53-0196605',
        category: 'Disaster relief',
        description: 'Prevents and alleviates human suffering in the face of emergencies.',
        websiteUrl: 'https://www.redcross.org',
      },
    ],
  });

/** Largest gift one link takes: a million whole currency units. */
const maxWholeUnits = 1_000_000;

export const createDonationLinkBody = z
  .strictObject({
    nonprofitSlug: slug,
    amount: z
      .number()
      .int()
      .positive()
      .describe('Minor units of the currency, as payment providers count: 2500 USD is $25.00'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. USD')
      .refine(isKnownCurrency, 'not an ISO 4217 currency'),
    frequency: z.literal('once').default('once').describe('Only one-time donations are taken'),
    provider: z.literal('stripe').default('stripe'),
    donorEmail: z.email().max(254),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    partnerUserId: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('Your user to reward; derived from donorEmail when absent'),
  })
  .superRefine((body, context) => {
    // Runs even when currency failed its own checks; Intl throws on a malformed code.
    if (!isKnownCurrency(body.currency)) return;
    const unit = minorUnitsPerUnit(body.currency);
    if (body.amount < unit || body.amount > maxWholeUnits * unit) {
      context.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `amount is in minor units: between ${unit} and ${maxWholeUnits * unit} for ${body.currency}`,
      });
    }
  })
  .meta({
    examples: [
      {
        nonprofitSlug: 'american-red-cross',
        amount: 2500,
        currency: 'USD',
        frequency: 'once',
        provider: 'stripe',
        donorEmail: 'customer@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        partnerUserId: exampleUserId,
      },
    ],
  });

export const donationLinkSchema = z
  .object({
    donationLink: z.string(),
    partnerDonationId: z.string(),
    status: z.literal('PENDING'),
    nonprofitSlug: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    expiresAt: z.string(),
  })
  .meta({
    id: 'DonationLink',
    examples: [
      {
        donationLink: 'https://api.sirgiving.example.com/checkout/q7Jx2mV9cKp4Lw8sT1nR6bY3hF0dZ5gA2eU7iO9kM4w',
        partnerDonationId: exampleIds.donation,
        status: 'PENDING',
        nonprofitSlug: 'american-red-cross',
        amount: 2500,
        currency: 'USD',
        expiresAt: '2026-05-11T09:12:00.000Z',
      },
    ],
  });

export const donationStatusParams = z.strictObject({ partnerDonationId: z.string().min(1).max(64) });

export const donationStatusSchema = z
  .object({
    partnerDonationId: z.string(),
    status: z.enum(['PENDING', 'COMPLETED', 'EXPIRED']),
    environment: z.enum(['sandbox', 'production']),
    nonprofitSlug: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    frequency: z.string(),
    provider: z.string(),
    partnerUserId: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    completedAt: z.string().nullable(),
    reward: z
      .object({
        actionId: z.string(),
        status: z.enum(['PROCESSING', 'COMPLETED', 'FAILED']),
        tokens: z.number().int(),
        failure: z.object({ code: z.string(), message: z.string() }).optional(),
      })
      .nullable(),
  })
  .meta({
    id: 'DonationStatus',
    examples: [
      {
        partnerDonationId: exampleIds.donation,
        status: 'COMPLETED',
        environment: 'sandbox',
        nonprofitSlug: 'american-red-cross',
        amount: 2500,
        currency: 'USD',
        frequency: 'once',
        provider: 'stripe',
        partnerUserId: exampleUserId,
        createdAt: exampleTimes.created,
        expiresAt: '2026-05-11T09:12:00.000Z',
        completedAt: '2026-05-10T09:20:00.000Z',
        reward: { actionId: 'act_2b4n6m8l0k2j4h6g8f0d', status: 'COMPLETED', tokens: 25 },
      },
    ],
  });
