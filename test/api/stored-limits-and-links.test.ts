import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { apiSettingsFrom } from '../../src/runtime/api-server.js';
import { donationBody } from '../support/donation-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { testJwtSecret, testMasterKey } from '../support/test-secrets.js';

/** Issue 14, findings 7, 9 and 10: limits hold for what is stored, URLs mean what they show, links come from configuration. */
describe('stored limits, URL text and handed-out links', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp({ ipRateLimitPerMinute: 1_000_000 });
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  it('finding 7: keeps metadata within 50 keys and 8 KB after any number of merges', async () => {
    expect(
      (await t.signed(partner.sandbox, 'POST', '/v1/partner/users', { externalUserId: 'merger' })).statusCode,
    ).toBe(201);
    const patch = (round: number) =>
      Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`k${round}_${i}`, 'v'.repeat(100)]));
    expect(
      (await t.signed(partner.sandbox, 'PATCH', '/v1/partner/users/merger', { metadata: patch(1) })).statusCode,
    ).toBe(200);
    for (const round of [2, 3]) {
      const response = await t.signed(partner.sandbox, 'PATCH', '/v1/partner/users/merger', { metadata: patch(round) });
      expect([response.statusCode, response.json().error?.code]).toEqual([400, 'VALIDATION_ERROR']);
    }
    const stored = await t.database.db
      .selectFrom('partner_users')
      .select('metadata')
      .where('external_id', '=', 'merger')
      .executeTakeFirstOrThrow();
    expect(Object.keys(stored.metadata)).toHaveLength(45);
    // Removing keys while adding others is judged on the result, so it is allowed.
    const swap = {
      ...Object.fromEntries(
        Object.keys(patch(1))
          .slice(0, 20)
          .map((key) => [key, null]),
      ),
      ...Object.fromEntries(Object.entries(patch(4)).slice(0, 20)),
    };
    expect((await t.signed(partner.sandbox, 'PATCH', '/v1/partner/users/merger', { metadata: swap })).statusCode).toBe(
      200,
    );
  });

  it('finding 9: refuses a webhook URL carrying CR, LF, tab or spaces, which URL parsing would silently drop', async () => {
    for (const url of [
      'http://127.0.0.1:9/a\r\nX-Injected: 1',
      'http://127.0.0.1:9/\tpath',
      ' http://127.0.0.1:9/hook',
    ]) {
      const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', { url, eventTypes: ['*'] });
      expect([response.statusCode, response.json().error?.code], JSON.stringify(url)).toEqual([
        400,
        'VALIDATION_ERROR',
      ]);
    }
    expect(await t.database.db.selectFrom('webhook_endpoints').select('id').execute()).toEqual([]);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://pay.example.com/\r\nx' })).toThrow(/PUBLIC_BASE_URL/);
  });

  it('finding 10: builds donation links from configuration, never from the Host header, and requires PUBLIC_BASE_URL in production', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/partner/donations/create-link',
      headers: { 'x-partner-key': partner.sandbox.publicKey, host: 'evil.example', 'x-forwarded-host': 'evil.example' },
      payload: donationBody(),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().donationLink).not.toMatch('evil.example');
    const production = loadConfig({ NODE_ENV: 'production' });
    expect(() => apiSettingsFrom({ config: production, masterKey: testMasterKey, jwtSecret: testJwtSecret })).toThrow(
      /PUBLIC_BASE_URL/,
    );
    const configured = loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://give.example.org' });
    expect(
      apiSettingsFrom({ config: configured, masterKey: testMasterKey, jwtSecret: testJwtSecret }).publicBaseUrl,
    ).toBe('https://give.example.org');
  });
});
