import { describe, expect, it } from 'vitest';
import { findCatalogRoute, type CatalogRoute } from '../../src/api/plugins/route-catalog.js';
import type { Donation } from '../../src/db/schema.js';
import { checkoutLink, hashCheckoutToken, newCheckoutToken } from '../../src/donations/checkout-token.js';
import { formatAmount, isKnownCurrency, minorUnitsPerUnit, toMajorUnits } from '../../src/donations/currency-amount.js';
import { donationRewardRequest } from '../../src/donations/donation-reward.js';
import { donationState, type DonationRecord } from '../../src/donations/donation-types.js';
import { donorPartnerUserId } from '../../src/donations/donor-identity.js';
import { escapeHtml } from '../../src/donations/html-escape.js';

const now = new Date('2026-11-22T12:00:00Z');

function donation(overrides: Partial<Donation> = {}): DonationRecord {
  return {
    id: 'don_1',
    partner_id: 'ptn_1',
    environment: 'sandbox',
    organization_id: 'org_american_red_cross',
    amount_minor: 2500,
    currency: 'USD',
    frequency: 'once',
    provider: 'stripe',
    donor_email: 'jane@example.com',
    donor_first_name: 'Jane',
    donor_last_name: 'Doe',
    donor_partner_user_id: 'user_42',
    checkout_token_hash: 'hash',
    status: 'PENDING',
    expires_at: new Date('2026-11-23T12:00:00Z'),
    completed_at: null,
    request_id: null,
    created_at: now,
    organization_slug: 'american-red-cross',
    organization_name: 'American Red Cross',
    ...overrides,
  };
}

describe('donation amounts are in minor units of their currency', () => {
  it('converts cents, yen and fils by the currency’s own digits', () => {
    expect(toMajorUnits(2500, 'USD')).toBe(25);
    expect(toMajorUnits(1999, 'EUR')).toBe(19.99);
    expect(toMajorUnits(2500, 'JPY')).toBe(2500);
    expect(toMajorUnits(2500, 'KWD')).toBe(2.5);
    expect(minorUnitsPerUnit('USD')).toBe(100);
    expect(formatAmount(2500, 'USD')).toBe('$25.00');
  });

  it('knows ISO 4217 codes only', () => {
    expect(isKnownCurrency('USD')).toBe(true);
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(isKnownCurrency('usd')).toBe(false);
  });
});

describe('donation rules', () => {
  it('derives the same donor id from the email however it is typed', () => {
    expect(donorPartnerUserId(' Jane@Example.com ')).toBe(donorPartnerUserId('jane@example.com'));
    expect(donorPartnerUserId('jane@example.com')).toMatch(/^donor_[0-9a-f]{32}$/);
    expect(donorPartnerUserId('john@example.com')).not.toBe(donorPartnerUserId('jane@example.com'));
  });

  it('reads EXPIRED once a pending link is past its expiry, never once completed', () => {
    expect(donationState(donation(), now)).toBe('PENDING');
    expect(donationState(donation(), new Date('2026-11-23T12:00:00Z'))).toBe('EXPIRED');
    expect(donationState(donation({ status: 'COMPLETED', completed_at: now }), new Date('2027-01-01T00:00:00Z'))).toBe(
      'COMPLETED',
    );
  });

  it('rewards the donor with one DONATION action keyed by the donation, amount in currency units', () => {
    const request = donationRewardRequest(donation());
    expect(request).toEqual({
      idempotencyKey: 'donation_don_1',
      actionType: 'DONATION',
      amount: 25,
      currency: 'USD',
      stakeholders: [
        {
          stakeholderTypeCode: 'DONOR',
          partnerUserId: 'user_42',
          userEmail: 'jane@example.com',
          userFirstName: 'Jane',
          userLastName: 'Doe',
        },
      ],
      autoCreateUsers: true,
      metadata: { partnerDonationId: 'don_1', nonprofitSlug: 'american-red-cross' },
    });
    expect(donationRewardRequest(donation({ status: 'COMPLETED', completed_at: now }))).toEqual(request);
  });
});

describe('checkout links', () => {
  it('are 256 random bits, stored only as their hash', () => {
    const first = newCheckoutToken();
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.hash).toBe(hashCheckoutToken(first.token));
    expect(first.hash).not.toContain(first.token);
    expect(newCheckoutToken().token).not.toBe(first.token);
  });

  it('live under the public base URL, path included', () => {
    expect(checkoutLink('https://devapi.sirgiving.org', 'abc')).toBe('https://devapi.sirgiving.org/checkout/abc');
    expect(checkoutLink('https://example.org/giving/', 'abc')).toBe('https://example.org/giving/checkout/abc');
    expect(checkoutLink('https://example.org/giving', 'abc')).toBe('https://example.org/giving/checkout/abc');
  });

  it('escape what they show', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('route catalog lookup for preflights', () => {
  const route = (url: string, auth: CatalogRoute['auth'], methods = ['GET']): CatalogRoute => ({
    methods,
    url,
    auth,
    pattern: new RegExp(`^${url.replace(/:\w+/g, '[^/]+')}$`),
    parameterCount: (url.match(/:/g) ?? []).length,
  });
  const catalog = [
    route('/v1/partner/organizations/:slug', 'widget'),
    route('/v1/partner/organizations/search', 'hmac'),
    route('/v1/partner/users', 'hmac', ['POST']),
  ];

  it('prefers a static route over a parametric one, as the router does', () => {
    expect(findCatalogRoute(catalog, 'GET', '/v1/partner/organizations/search')?.auth).toBe('hmac');
    expect(findCatalogRoute(catalog, 'GET', '/v1/partner/organizations/feeding-america')?.auth).toBe('widget');
  });

  it('matches the method and whole segments only', () => {
    expect(findCatalogRoute(catalog, 'GET', '/v1/partner/users')).toBeUndefined();
    expect(findCatalogRoute(catalog, 'get', '/v1/partner/organizations/a/b')).toBeUndefined();
  });
});
