import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutPath, donationBody, widgetRequest } from '../support/donation-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('donation widget API (publishable key)', () => {
  let t: TestApp;
  let alice: TestPartner;
  let bob: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    [alice, bob] = [await t.createPartner('Alice Co'), await t.createPartner('Bob Co')];
  });
  afterAll(async () => t.close());

  const createLink = (publicKey: string, body: unknown = donationBody()) =>
    widgetRequest(t, publicKey, 'POST', '/v1/partner/donations/create-link', body);

  it('looks up a nonprofit by slug', async () => {
    const response = await widgetRequest(
      t,
      alice.sandbox.publicKey,
      'GET',
      '/v1/partner/organizations/american-red-cross',
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      slug: 'american-red-cross',
      name: 'American Red Cross',
      ein: '53-0196605',
      category: 'Disaster Relief',
      description: 'Prevents and alleviates human suffering in the face of emergencies.',
      websiteUrl: 'https://www.redcross.org',
    });
  });

  it('answers 404 with the envelope for an unknown nonprofit', async () => {
    const response = await widgetRequest(
      t,
      alice.sandbox.publicKey,
      'GET',
      '/v1/partner/organizations/no-such-charity',
    );
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'nonprofit "no-such-charity" not found' } });
  });

  it('creates a link to the hosted checkout page and a PENDING donation for the donor', async () => {
    const response = await createLink(alice.sandbox.publicKey);
    expect(response.statusCode).toBe(201);
    const link = response.json();
    expect(link).toEqual({
      donationLink: expect.stringMatching(/^http:\/\/localhost(:80)?\/checkout\/[A-Za-z0-9_-]{43}$/),
      partnerDonationId: expect.stringMatching(/^don_[0-9a-z]{20}$/),
      status: 'PENDING',
      nonprofitSlug: 'american-red-cross',
      amount: 2500,
      currency: 'USD',
      expiresAt: expect.any(String),
    });
    const token = checkoutPath(link.donationLink).split('/').pop()!;
    const row = await t.database.db
      .selectFrom('donations')
      .selectAll()
      .where('id', '=', link.partnerDonationId)
      .executeTakeFirstOrThrow();
    expect(row.checkout_token_hash).toBe(createHash('sha256').update(token).digest('hex'));

    const status = await widgetRequest(
      t,
      alice.sandbox.publicKey,
      'GET',
      `/v1/partner/donations/status/${link.partnerDonationId}`,
    );
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({
      partnerDonationId: link.partnerDonationId,
      status: 'PENDING',
      environment: 'sandbox',
      amount: 2500,
      // No partnerUserId in the body: derived from the email, so the partner can compute it too.
      partnerUserId: `donor_${createHash('sha256').update('jane@example.com').digest('hex').slice(0, 32)}`,
      completedAt: null,
      reward: null,
    });
  });

  it('keeps the partnerUserId the partner gives', async () => {
    const link = (await createLink(alice.sandbox.publicKey, donationBody({ partnerUserId: 'user_42' }))).json();
    const status = await widgetRequest(
      t,
      alice.sandbox.publicKey,
      'GET',
      `/v1/partner/donations/status/${link.partnerDonationId}`,
    );
    expect(status.json().partnerUserId).toBe('user_42');
  });

  const invalidBodies: Array<[string, Record<string, unknown>, string]> = [
    ['amount in currency units', donationBody({ amount: 25.5 }), '/amount'],
    ['amount under one currency unit', donationBody({ amount: 99 }), '/amount'],
    ['unknown currency', donationBody({ currency: 'XYZ' }), '/currency'],
    ['malformed email', donationBody({ donorEmail: 'jane' }), '/donorEmail'],
    ['recurring frequency', donationBody({ frequency: 'monthly' }), '/frequency'],
    ['unknown provider', donationBody({ provider: 'cash' }), '/provider'],
    ['blank first name', donationBody({ firstName: '  ' }), '/firstName'],
    ['unknown field', donationBody({ tip: 100 }), '/'],
  ];
  for (const [name, body, path] of invalidBodies) {
    it(`refuses a create-link body with ${name} (400 envelope)`, async () => {
      const response = await createLink(alice.sandbox.publicKey, body);
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.details.map((issue: { path: string }) => issue.path)).toContain(path);
    });
  }

  it('refuses a create-link for an unknown nonprofit and stores nothing', async () => {
    const count = () =>
      t.database.db
        .selectFrom('donations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
    const before = await count();
    const response = await createLink(alice.sandbox.publicKey, donationBody({ nonprofitSlug: 'no-such-charity' }));
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
    expect(await count()).toEqual(before);
  });

  it('refuses secret keys and missing keys on widget routes', async () => {
    const secret = await createLink(alice.sandbox.partnerKey);
    expect(secret.statusCode).toBe(403);
    expect(secret.json().error.code).toBe('PUBLISHABLE_KEY_REQUIRED');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/donations/create-link',
      payload: donationBody(),
    });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('INVALID_API_KEY');
  });

  it("answers 404 for another partner's donation and for the other environment", async () => {
    const { partnerDonationId } = (await createLink(alice.sandbox.publicKey)).json();
    for (const key of [bob.sandbox.publicKey, alice.production.publicKey]) {
      const response = await widgetRequest(t, key, 'GET', `/v1/partner/donations/status/${partnerDonationId}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'donation not found' } });
    }
  });
});
