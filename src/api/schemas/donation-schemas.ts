import { z } from 'zod';
import { isKnownCurrency, minorUnitsPerUnit } from '../../donations/currency-amount.js';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a nonprofit slug such as american-red-cross').max(100);

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
  .meta({ id: 'Organization' });

/** Largest gift one link takes: a million whole currency units. */
const maxWholeUnits = 1_000_000;

export const createDonationLinkBody = z
  .strictObject({
    nonprofitSlug: slug,
    amount: z.number().int().positive().describe('Minor units of the currency, as payment providers count: 2500 USD is $25.00'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. USD').refine(isKnownCurrency, 'not an ISO 4217 currency'),
    frequency: z.literal('once').default('once').describe('Only one-time donations are taken'),
    provider: z.literal('stripe').default('stripe'),
    donorEmail: z.email().max(254),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    partnerUserId: z.string().min(1).max(255).optional().describe('Your user to reward; derived from donorEmail when absent'),
  })
  .superRefine((body, context) => {
    // Runs even when currency failed its own checks; Intl throws on a malformed code.
    if (!isKnownCurrency(body.currency)) return;
    const unit = minorUnitsPerUnit(body.currency);
    if (body.amount < unit || body.amount > maxWholeUnits * unit) {
      context.addIssue({ code: 'custom', path: ['amount'], message: `amount is in minor units: between ${unit} and ${maxWholeUnits * unit} for ${body.currency}` });
    }
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
  .meta({ id: 'DonationLink' });

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
  .meta({ id: 'DonationStatus' });
