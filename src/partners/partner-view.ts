import type { Partner } from '../db/schema.js';

/** The partner record as the API shows it. */
export function partnerView(partner: Partner) {
  return {
    id: partner.id,
    name: partner.name,
    slug: partner.slug,
    status: partner.status,
    contactEmail: partner.contact_email,
    features: partner.features,
    rateLimit: { requestsPerMinute: partner.rate_limit_per_minute },
    createdAt: partner.created_at.toISOString(),
  };
}
