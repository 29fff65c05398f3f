import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { donationBody } from '../support/donation-fixtures.js';
import { expectLedgerInvariants, fundPool } from '../support/ledger-fixtures.js';
import { poolBalance } from '../support/reversal-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestPartner } from '../support/test-app.js';

/** The partner's own page, on another origin: a Donate button that calls the API with the publishable key. */
function partnerPage(apiUrl: string, publicKey: string): string {
  const settings = JSON.stringify({ apiUrl, publicKey, body: donationBody() }).replaceAll('<', '\\u003c');
  return `<!doctype html><html><head><title>Partner shop</title><link rel="icon" href="data:,"></head><body>
<button id="donate">Donate $25</button><p id="error"></p>
<script>
const settings = ${settings};
document.getElementById('donate').addEventListener('click', async () => {
  const response = await fetch(settings.apiUrl + '/v1/partner/donations/create-link', {
    method: 'POST',
    headers: { 'X-Partner-Key': settings.publicKey, 'Content-Type': 'application/json' },
    body: JSON.stringify(settings.body),
  });
  const result = await response.json();
  if (!response.ok) { document.getElementById('error').textContent = result.error.code; return; }
  sessionStorage.setItem('partnerDonationId', result.partnerDonationId);
  window.location.href = result.donationLink;
});
</script></body></html>`;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('donation widget in a real browser (spec scenario 1)', () => {
  let harness: TemporalApp;
  let partner: TestPartner;
  let poolId: string;
  let apiUrl: string;
  let partnerUrl: string;
  let partnerSite: Server;
  let browser: Browser;

  beforeAll(async () => {
    harness = await startTemporalApp();
    partner = await harness.t.createPartner();
    poolId = (await fundPool(harness.t, partner, 1000)).id;
    apiUrl = await harness.t.app.listen({ host: '127.0.0.1', port: 0 });
    partnerSite = createServer((_request, response) => {
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(partnerPage(apiUrl, partner.sandbox.publicKey));
    });
    partnerUrl = await listen(partnerSite);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    partnerSite?.close();
    await harness?.close();
  });

  it('creates the link from another origin, completes the test donation and rewards the donor', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    await page.goto(partnerUrl);
    const [created] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/create-link')),
      page.click('#donate'),
    ]);
    expect(created.status()).toBe(201);
    expect(created.headers()['access-control-allow-origin']).toBe('*');
    await page.waitForURL(new RegExp(`^${apiUrl}/checkout/[A-Za-z0-9_-]{43}$`));

    expect(await page.textContent('h1')).toBe('Donate to American Red Cross');
    expect(await page.textContent('#amount')).toBe('$25.00 (one-time)');
    expect(await page.textContent('#donor')).toBe('Jane Doe <jane@example.com>');
    await page.click('text=Complete test donation');
    await page.waitForSelector('#state[data-state="completed"]');
    await page.locator('#reward', { hasText: 'You earned 25 SIR tokens.' }).waitFor({ timeout: 30_000 });

    // Back on the partner's origin, the page reads the id it stored and polls the status (spec steps 2 and 3).
    await page.goto(partnerUrl);
    const partnerDonationId = await page.evaluate<string | null>("sessionStorage.getItem('partnerDonationId')");
    expect(partnerDonationId).toMatch(/^don_/);
    const status = await page.evaluate(
      async ([api, key, id]) =>
        (await fetch(`${api}/v1/partner/donations/status/${id}`, { headers: { 'X-Partner-Key': key } })).json(),
      [apiUrl, partner.sandbox.publicKey, partnerDonationId!] as const,
    );
    expect(status).toMatchObject({
      partnerDonationId,
      status: 'COMPLETED',
      reward: { actionId: expect.stringMatching(/^act_/), status: 'COMPLETED', tokens: 25 },
    });
    expect(consoleErrors).toEqual([]);

    const { t } = harness;
    expect(await poolBalance(t, partner, poolId)).toBe(975);
    const events = await t.database.db
      .selectFrom('events')
      .select('type')
      .where('partner_id', '=', partner.partnerId)
      .execute();
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['action.completed', 'transaction.completed']),
    );
    await expectLedgerInvariants(t);
  }, 120_000);
});
