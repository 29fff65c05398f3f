import type { Kysely } from 'kysely';
import type { ActionSubmission } from '../actions/action-submission.js';
import type { Database, Environment, ProcessingStatus } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { hashCheckoutToken } from './checkout-token.js';
import { formatAmount } from './currency-amount.js';
import { findDonationByTokenHash, findDonationReward, markDonationCompleted } from './donation-repository.js';
import { donationRewardRequest } from './donation-reward.js';
import { donationState, type DonationState } from './donation-types.js';

/** What the hosted checkout page shows. */
export interface CheckoutView {
  token: string;
  environment: Environment;
  state: DonationState;
  organizationName: string;
  amount: string;
  frequency: string;
  donorName: string;
  donorEmail: string;
  reward: { status: ProcessingStatus; tokens: number } | null;
}

export interface CheckoutServiceDeps {
  db: Kysely<Database>;
  submitAction: ActionSubmission;
  now?: () => Date;
}

export function createCheckoutService({ db, submitAction, now = () => new Date() }: CheckoutServiceDeps) {
  return {
    async show(token: string): Promise<CheckoutView | undefined> {
      const donation = await findDonationByTokenHash(db, hashCheckoutToken(token));
      if (!donation) return undefined;
      const reward = await findDonationReward(db, donation);
      return {
        token,
        environment: donation.environment,
        state: donationState(donation, now()),
        organizationName: donation.organization_name,
        amount: formatAmount(donation.amount_minor, donation.currency),
        frequency: donation.frequency,
        donorName: `${donation.donor_first_name} ${donation.donor_last_name}`,
        donorEmail: donation.donor_email,
        reward: reward ? { status: reward.status, tokens: reward.tokens_distributed } : null,
      };
    },

    /**
     * Sandbox only: marks the donation COMPLETED once and submits its reward action. A second
     * click, or a retry after a crash between the two steps, submits the same action again,
     * which the action's idempotency key turns into the first one's result.
     */
    async complete(token: string, requestId: string): Promise<void> {
      const donation = await findDonationByTokenHash(db, hashCheckoutToken(token));
      if (!donation) throw notFound('donation checkout');
      if (donation.environment !== 'sandbox') {
        throw new ApiError(
          'LIVE_PAYMENTS_NOT_CONNECTED',
          'live payment providers are not connected; only sandbox donations can be completed here',
        );
      }
      // Expired, or a concurrent click won the race and submits the reward itself.
      if (donation.status === 'PENDING' && !(await markDonationCompleted(db, donation.id, now()))) return;
      const scope = { partnerId: donation.partner_id, environment: donation.environment };
      await submitAction(scope, donationRewardRequest(donation), requestId);
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
