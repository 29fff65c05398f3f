import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, eventually } from '../support/campaign-fixtures.js';
import { launchChromium } from '../support/chromium.js';
import { fundPool, purchase } from '../support/ledger-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestPartner } from '../support/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/** Git-ignored: looked at by people, never committed. */
const screenshots = '.artifacts/portal';
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core runs in the page (evaluate is not subject to the page's CSP); serious or critical findings fail the test. */
async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    'axe.run(document, { resultTypes: ["violations"] }).then((result) => result.violations)',
  );
  const severe = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(
    severe.map(
      (violation) =>
        `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
    page.url(),
  ).toEqual([]);
}

async function capture(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
}

/** Reloads until the selector is on the page: deliveries and usage figures arrive a moment after the write. */
async function reloadUntil(page: Page, selector: string, timeoutMs = 30_000): Promise<void> {
  const found = await eventually(
    async () => {
      await page.reload();
      return page.locator(selector).count();
    },
    (count) => count > 0,
    timeoutMs,
  );
  expect(found, `${selector} on ${page.url()}`).toBeGreaterThan(0);
}

describe('partner portal in a real browser (issue 18)', () => {
  let harness: TemporalApp;
  let alice: TestPartner;
  let bob: TestPartner;
  let receiver: WebhookReceiver;
  let apiUrl: string;
  let browser: Browser;
  const consoleErrors: string[] = [];

  async function signedInContext(partner: TestPartner): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: apiUrl });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} at ${message.location().url}`);
    });
    await page.goto(`${apiUrl}/portal`);
    await page.waitForURL(`${apiUrl}/portal/login`);
    await page.getByLabel('Email').fill(partner.email);
    await page.getByLabel('Password').fill(partner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${apiUrl}/portal/sandbox/dashboard`);
    return { context, page };
  }

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    harness = await startTemporalApp();
    [alice, bob] = [await harness.t.createPartner('Alice Rewards'), await harness.t.createPartner('Bob Rewards')];
    await fundPool(harness.t, alice, 10_000);
    receiver = await startWebhookReceiver();
    apiUrl = await harness.t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await harness?.close();
  });

  it('signs in, manages keys and webhooks, sees deliveries, charts and pool requests; another partner sees none of it', async () => {
    const { t } = harness;
    const { page } = await signedInContext(alice);
    const cookies = await page.context().cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite, cookie.path])).toEqual([
      ['sir_portal_session', true, 'Strict', '/portal'],
    ]);
    expect(await page.evaluate('document.cookie')).toBe('');

    // API keys: create one, its secrets shown once with a copy button that works.
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name e.g. Checkout server').fill('Checkout server');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secretKey = await page.locator('#created-secret-key').textContent();
    const hmacSecret = await page.locator('#created-hmac-secret').textContent();
    expect(secretKey).toMatch(/^sk_test_/);
    await page.getByRole('button', { name: 'Copy Secret key' }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secretKey);
    await capture(page, '02-keys-created');
    const key = { partnerKey: secretKey!, hmacSecret: hmacSecret! };

    // Webhooks: register one on a loopback receiver, send a test, see it delivered, retry it.
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await capture(page, '03-webhooks-empty');
    await page.getByLabel('URL any http(s) URL your receiver listens on').fill(receiver.url('/portal-hook'));
    await page.getByLabel('action.completed', { exact: true }).check();
    await page.getByLabel('Custom headers optional, one “Name: value” per line').fill('X-Team: rewards');
    await page.getByRole('button', { name: 'Register endpoint' }).click();
    expect(await page.locator('#webhook-secret-value').textContent()).toMatch(/^whsec_[0-9a-f]{64}$/);
    await capture(page, '04-webhook-registered');
    await page.getByRole('link', { name: receiver.url('/portal-hook') }).click();
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await expect.poll(() => page.locator('[role=status].notice').textContent()).toContain('Test event queued');
    await reloadUntil(page, 'article.delivery[data-status=DELIVERED] >> text=partner.status_changed');
    const delivered = page.locator('article.delivery[data-status=DELIVERED]').first();
    expect(await delivered.locator('tbody td.num').nth(1).textContent()).toBe('200');
    const requestsBefore = receiver.requests.length;
    await delivered.getByRole('button', { name: /^Retry delivery dlv_/ }).click();
    await expect.poll(() => page.locator('[role=status].notice').textContent()).toContain('queued again');
    await reloadUntil(page, 'article.delivery >> text=retried by hand 1 time(s)');
    await expect.poll(() => receiver.requests.length, { timeout: 30_000 }).toBeGreaterThan(requestsBefore);
    expect(receiver.requests.at(-1)!.headers['x-team']).toBe('rewards');
    await reloadUntil(page, 'article.delivery[data-status=DELIVERED] >> text=retried by hand 1 time(s)');
    await capture(page, '05-webhook-deliveries');

    // A few actions, signed with the key made above, in a campaign; the dashboard charts them.
    const created = await t.signed(key, 'POST', '/v1/partner/campaigns', campaignBody({ name: 'Spring drive' }));
    expect(created.statusCode).toBe(201);
    const campaign = created.json() as { id: string };
    const activated = await eventually(
      async () => (await t.signed(key, 'GET', `/v1/partner/campaigns/${campaign.id}`)).json(),
      (body) => body.status === 'ACTIVE',
    );
    expect(activated.status).toBe('ACTIVE');
    for (const [index, user] of ['user_ada', 'user_bo', 'user_ada', 'user_cy'].entries()) {
      const submitted = await t.signed(
        key,
        'POST',
        '/v1/partner/actions/submit',
        purchase(`portal_${index}`, 20 + index, user, { campaignId: campaign.id }),
      );
      expect(submitted.json().status).toBe('COMPLETED');
    }
    expect((await t.signed(key, 'GET', '/v1/partner/actions/act_missing')).statusCode).toBe(404);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    // Usage figures reach the report a few seconds after the requests.
    await reloadUntil(page, '#usage-chart >> text=POST /actions/submit');
    expect(await page.locator('#summary-actions').textContent()).toBe('4');
    expect(await page.locator('#trends-chart rect').count()).toBeGreaterThan(0);
    // The campaign pays 10 a purchase: Ada bought twice, the others once each (their order is a tie).
    expect(await page.locator('#top-earners tbody tr').first().textContent()).toBe('user_ada20020');
    expect((await page.locator('#top-earners tbody th').allTextContents()).sort()).toEqual([
      'user_ada',
      'user_bo',
      'user_cy',
    ]);
    await capture(page, '06-dashboard');
    await page.getByRole('link', { name: '7 days' }).click();
    expect(await page.locator('#trends-chart title').textContent()).toBe('Actions per day, last 7 days');
    await page.getByRole('link', { name: 'Spring drive' }).click();
    await page.waitForURL(`${apiUrl}/portal/sandbox/campaigns/${campaign.id}`);
    expect(await page.locator('#campaign-chart rect').count()).toBeGreaterThan(0);
    await capture(page, '07-campaign');

    // Token pools: balance and threshold, and an allocation request followed to PENDING.
    await page.getByRole('link', { name: 'Token pools' }).click();
    await page.getByLabel('Tokens', { exact: true }).fill('5000');
    await page.getByLabel('Reason for the SIR Giving operator who decides').fill('Spring drive needs more');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => page.locator('table >> text=Spring drive needs more').count()).toBe(1);
    expect(await page.locator('.badge', { hasText: 'PENDING' }).count()).toBe(1);
    await capture(page, '08-pools');

    // Production is another world: none of the sandbox rows.
    await page.getByRole('link', { name: 'Production' }).click();
    await page.waitForURL(`${apiUrl}/portal/production/pools`);
    expect(await page.locator('.empty').first().textContent()).toContain('No production token pool yet');

    // Bob signs in elsewhere: none of Alice's keys, endpoints or figures, and her endpoint's page is not found.
    const webhookPath = new URL(page.url()).pathname.replace('/production/pools', '/sandbox/webhooks');
    const other = await signedInContext(bob);
    expect(await other.page.locator('#summary-actions').textContent()).toBe('0');
    await capture(other.page, '09-second-partner-dashboard');
    await other.page.goto(`${apiUrl}${webhookPath}`);
    expect(await other.page.locator('.empty').textContent()).toContain('No sandbox webhook endpoints yet');
    const aliceEndpoint = await t.database.db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('partner_id', '=', alice.partnerId)
      .executeTakeFirstOrThrow();
    const refused = await other.page.goto(`${apiUrl}/portal/sandbox/webhooks/${aliceEndpoint.id}`);
    expect(refused!.status()).toBe(404);
    expect(await other.page.locator('h1').textContent()).toBe('That did not work');
    expect(await other.page.locator('[role=alert]').textContent()).toBe(
      'Webhook not found. It may have been deleted, or belong to the other environment.',
    );
    await capture(other.page, '10-second-partner-refused');
    await other.page.goto(`${apiUrl}/portal/sandbox/keys`);
    expect(await other.page.locator('tbody th[scope=row]').allTextContents()).toEqual(['sandbox key']);

    // Sign out ends the page session; the login page is checked too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${apiUrl}/portal/login`);
    await capture(page, '01-login');
    // The one error a page may log is the 404 of the endpoint Bob was refused.
    expect(consoleErrors.filter((error) => !error.endsWith(`/portal/sandbox/webhooks/${aliceEndpoint.id}`))).toEqual(
      [],
    );
  }, 240_000);
});
