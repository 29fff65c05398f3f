import type { Donation } from '../db/schema.js';

/** A create-link body after validation; the amount is in minor units of the currency. */
export interface DonationLinkRequest {
  nonprofitSlug: string;
  amount: number;
  currency: string;
  frequency: 'once';
  provider: 'stripe';
  donorEmail: string;
  firstName: string;
  lastName: string;
  partnerUserId?: string;
}

/** A donation with the organization it goes to. */
export interface DonationRecord extends Donation {
  organization_slug: string;
  organization_name: string;
}

/** PENDING until the donor completes it; a PENDING link past its expiry reads EXPIRED. */
export type DonationState = 'PENDING' | 'COMPLETED' | 'EXPIRED';

export function donationState(donation: Donation, now: Date): DonationState {
  if (donation.status === 'COMPLETED') return 'COMPLETED';
  return donation.expires_at.getTime() <= now.getTime() ? 'EXPIRED' : 'PENDING';
}
