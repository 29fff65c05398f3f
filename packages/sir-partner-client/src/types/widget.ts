import type { Environment, Failure } from './common.js';

export interface WidgetConfig {
  partnerId: string;
  name: string;
  slug: string;
  environment: Environment;
  features: string[];
}

export interface Organization {
  slug: string;
  name: string;
  ein: string | null;
  category: string | null;
  description: string | null;
  websiteUrl: string | null;
}

export interface CreateDonationLinkInput {
  nonprofitSlug: string;
  /** Minor units of the currency: 2500 USD is $25.00. */
  amount: number;
  currency: string;
  frequency?: 'once';
  provider?: 'stripe';
  donorEmail: string;
  firstName: string;
  lastName: string;
  /** Your user to reward; derived from donorEmail when absent. */
  partnerUserId?: string;
}

export interface DonationLink {
  donationLink: string;
  partnerDonationId: string;
  status: 'PENDING';
  nonprofitSlug: string;
  amount: number;
  currency: string;
  expiresAt: string;
}

export interface DonationStatus {
  partnerDonationId: string;
  status: 'PENDING' | 'COMPLETED' | 'EXPIRED';
  environment: Environment;
  nonprofitSlug: string;
  amount: number;
  currency: string;
  frequency: string;
  provider: string;
  partnerUserId: string;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
  reward: { actionId: string; status: 'PROCESSING' | 'COMPLETED' | 'FAILED'; tokens: number; failure?: Failure } | null;
}
