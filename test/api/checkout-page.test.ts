import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutPath, donationBody, widgetRequest } from '../support/donation-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('hosted checkout page', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  async function createLink(publicKey: string, overrides: Record<string, unknown> = {}) {
    const response = await widgetRequest(
      t,
      publicKey,
      'POST',
      '/v1/partner/donations/create-link',
      donationBody(overrides),
    );
    expect(response.statusCode).toBe(201);
    return response.json() as { donationLink: string; partnerDonationId: string };
  }

  it('shows the organization, amount and donor, and in sandbox the test button', async () => {
    const { donationLink } = await createLink(partner.sandbox.publicKey);
    const page = await t.app.inject({ method: 'GET', url: checkoutPath(donationLink) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Donate to American Red Cross');
    expect(page.body).toContain('$25.00 (one-time)');
    expect(page.body).toContain('Jane Doe &lt;jane@example.com&gt;');
    expect(page.body).toMatch(
      /<form method="post" action="[A-Za-z0-9_-]{43}\/complete"><button type="submit">Complete test donation<\/button>/,
    );
  });

  it('sends a restrictive Content-Security-Policy and keeps the URL out of Referer and caches', async () => {
    const { donationLink } = await createLink(partner.sandbox.publicKey);
    const page = await t.app.inject({ method: 'GET', url: checkoutPath(donationLink) });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
    );
    expect(page.body).not.toContain('<script');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('escapes every value it shows', async () => {
    const { donationLink } = await createLink(partner.sandbox.publicKey, {
      firstName: '<script>alert(1)</script>',
      lastName: '"Doe" & Sons',
    });
    const page = await t.app.inject({ method: 'GET', url: checkoutPath(donationLink) });
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Doe&quot; &amp; Sons');
    expect(page.body).not.toContain('<script>');
  });

  it('in production explains that live payments are not connected, with no test button, and refuses completion', async () => {
    const { donationLink, partnerDonationId } = await createLink(partner.production.publicKey);
    const page = await t.app.inject({ method: 'GET', url: checkoutPath(donationLink) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Live payment providers are not connected yet');
    expect(page.body).not.toContain('Complete test donation');
    expect(page.body).not.toContain('<form');

    const forced = await t.app.inject({
      method: 'POST',
      url: `${checkoutPath(donationLink)}/complete`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(forced.statusCode).toBe(422);
    expect(forced.json().error.code).toBe('LIVE_PAYMENTS_NOT_CONNECTED');
    const status = await widgetRequest(
      t,
      partner.production.publicKey,
      'GET',
      `/v1/partner/donations/status/${partnerDonationId}`,
    );
    expect(status.json()).toMatchObject({ status: 'PENDING', reward: null });
  });

  it('answers an unknown link with a 404 page, and its completion with the 404 envelope', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/checkout/not-a-real-token' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Donation link not found');
    const complete = await t.app.inject({ method: 'POST', url: '/checkout/not-a-real-token/complete' });
    expect(complete.statusCode).toBe(404);
    expect(complete.json().error.code).toBe('NOT_FOUND');
  });
});
