import type { ActionRequest } from '../actions/action-types.js';
import { toMajorUnits } from './currency-amount.js';
import type { DonationRecord } from './donation-types.js';

/** One reward per donation: the action's idempotency key is derived from the donation id. */
export function donationRewardKey(donationId: string): string {
  return `donation_${donationId}`;
}

/**
 * The DONATION action that rewards the donor. Built only from the stored donation, so every
 * completion attempt submits the same body and the idempotency gate sees a retry.
 */
export function donationRewardRequest(donation: DonationRecord): ActionRequest {
  return {
    idempotencyKey: donationRewardKey(donation.id),
    actionType: 'DONATION',
    amount: toMajorUnits(donation.amount_minor, donation.currency),
    currency: donation.currency,
    stakeholders: [
      {
        stakeholderTypeCode: 'DONOR',
        partnerUserId: donation.donor_partner_user_id,
        userEmail: donation.donor_email,
        userFirstName: donation.donor_first_name,
        userLastName: donation.donor_last_name,
      },
    ],
    autoCreateUsers: true,
    metadata: { partnerDonationId: donation.id, nonprofitSlug: donation.organization_slug },
  };
}
