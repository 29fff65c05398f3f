import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { findActiveOrganization } from '../organizations/organization-directory.js';
import { checkoutLink, newCheckoutToken } from './checkout-token.js';
import { donorPartnerUserId } from './donor-identity.js';
import { findDonationReward, findScopedDonation, insertDonation } from './donation-repository.js';
import type { DonationLinkRequest } from './donation-types.js';
import { donationStatusView } from './donation-view.js';

/** How long a checkout link can be completed. */
export const checkoutLinkTtlMs = 24 * 60 * 60 * 1000;

export interface DonationServiceDeps {
  db: Kysely<Database>;
  /** PUBLIC_BASE_URL; without it (development and tests only), links point at the server's own listening origin. */
  publicBaseUrl: string | undefined;
  now?: () => Date;
}

export function createDonationService({ db, publicBaseUrl, now = () => new Date() }: DonationServiceDeps) {
  return {
    async createLink(scope: PartnerScope, request: DonationLinkRequest, requestId: string, listeningOrigin: string) {
      const organization = await findActiveOrganization(db, request.nonprofitSlug);
      if (!organization) throw notFound(`nonprofit "${request.nonprofitSlug}"`);
      const { token, hash } = newCheckoutToken();
      const id = newId('don');
      const expiresAt = new Date(now().getTime() + checkoutLinkTtlMs);
      await insertDonation(db, {
        id,
        partner_id: scope.partnerId,
        environment: scope.environment,
        organization_id: organization.id,
        amount_minor: request.amount,
        currency: request.currency,
        frequency: request.frequency,
        provider: request.provider,
        donor_email: request.donorEmail,
        donor_first_name: request.firstName,
        donor_last_name: request.lastName,
        donor_partner_user_id: request.partnerUserId ?? donorPartnerUserId(request.donorEmail),
        checkout_token_hash: hash,
        status: 'PENDING',
        expires_at: expiresAt,
        request_id: requestId,
      });
      return {
        donationLink: checkoutLink(publicBaseUrl ?? listeningOrigin, token),
        partnerDonationId: id,
        status: 'PENDING' as const,
        nonprofitSlug: organization.slug,
        amount: request.amount,
        currency: request.currency,
        expiresAt: expiresAt.toISOString(),
      };
    },

    async status(scope: PartnerScope, partnerDonationId: string) {
      const donation = await findScopedDonation(db, scope, partnerDonationId);
      if (!donation) throw notFound('donation');
      return donationStatusView(donation, await findDonationReward(db, donation), now());
    },
  };
}

export type DonationService = ReturnType<typeof createDonationService>;
