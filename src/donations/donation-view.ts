import type { Action } from '../db/schema.js';
import { donationState, type DonationRecord } from './donation-types.js';

/** The reward as the widget shows it: no credits or ledger ids, which are backend concerns. */
export function donationRewardView(action: Action) {
  return {
    actionId: action.id,
    status: action.status,
    tokens: action.tokens_distributed,
    ...(action.status === 'FAILED' && {
      failure: { code: action.failure_code ?? 'FAILED', message: action.failure_reason ?? '' },
    }),
  };
}

/** The status a publishable key may read: no donor email or names, which stay with the partner. */
export function donationStatusView(donation: DonationRecord, reward: Action | undefined, now: Date) {
  return {
    partnerDonationId: donation.id,
    status: donationState(donation, now),
    environment: donation.environment,
    nonprofitSlug: donation.organization_slug,
    amount: donation.amount_minor,
    currency: donation.currency,
    frequency: donation.frequency,
    provider: donation.provider,
    partnerUserId: donation.donor_partner_user_id,
    createdAt: donation.created_at.toISOString(),
    expiresAt: donation.expires_at.toISOString(),
    completedAt: donation.completed_at?.toISOString() ?? null,
    reward: reward ? donationRewardView(reward) : null,
  };
}
