import type { Organization } from '../db/schema.js';

/** What a donation widget shows about a nonprofit. */
export function organizationView(organization: Organization) {
  return {
    slug: organization.slug,
    name: organization.name,
    ein: organization.ein,
    category: organization.category,
    description: organization.description,
    websiteUrl: organization.website_url,
  };
}
