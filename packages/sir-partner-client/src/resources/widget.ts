import { pathOf } from '../http-transport.js';
import type {
  CreateDonationLinkInput,
  DonationLink,
  DonationStatus,
  Organization,
  WidgetConfig,
} from '../types/widget.js';
import type { ApiCalls } from './api-calls.js';

/** The calls a browser widget makes, authenticated by the publishable key (`pk_…`) alone. */
export function widgetResource(calls: ApiCalls) {
  return {
    /** The partner record a key can see: id, name, slug, environment, features. */
    config: () => calls.widget<WidgetConfig>('GET', '/v1/partner/config'),
    organization: (slug: string) => calls.widget<Organization>('GET', pathOf`/v1/partner/organizations/${slug}`),
    createDonationLink: (input: CreateDonationLinkInput) =>
      calls.widget<DonationLink>('POST', '/v1/partner/donations/create-link', input),
    donationStatus: (partnerDonationId: string) =>
      calls.widget<DonationStatus>('GET', pathOf`/v1/partner/donations/status/${partnerDonationId}`),
  };
}
