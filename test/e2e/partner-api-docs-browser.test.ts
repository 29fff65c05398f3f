import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

/** Git-ignored (.artifacts/): screenshots to look at, never committed. */
const screenshots = new URL('../../.artifacts/partner-api/', import.meta.url);
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

function operation(page: Page, method: string, path: string): Locator {
  return page.locator(`.opblock-${method}:has(> .opblock-summary .opblock-summary-path[data-path="${path}"])`);
}

/** Expands an operation, presses "Try it out", lets `fill` set its inputs, presses Execute and returns what the browser sent. */
async function tryOut(
  page: Page,
  method: string,
  path: string,
  fill: (block: Locator) => Promise<void>,
): Promise<{ request: Request; status: string; block: Locator }> {
  const block = operation(page, method, path);
  await block.locator('.opblock-summary-control').click();
  await block.locator('button.try-out__btn').click();
  await fill(block);
  const [response] = await Promise.all([
    page.waitForResponse(
      (answer) =>
        answer.request().method() === method.toUpperCase() && new URL(answer.url()).pathname.startsWith('/v1/partner/'),
    ),
    block.locator('button.execute').click(),
  ]);
  // The table may still show the operation's previous answer (the unsigned 401): wait for this one's.
  const shown = block.locator('.live-responses-table tbody .response-col_status');
  const status = String(response.status());
  await expect.poll(async () => (await shown.textContent())?.trim(), { timeout: 15_000 }).toBe(status);
  return { request: response.request(), status, block };
}

describe('/partner-api: "Try it out" signs requests in the browser', () => {
  let t: TestApp;
  let partner: TestPartner;
  let apiUrl: string;
  let browser: Browser;
  // Swagger UI parses and renders the whole document, slow on a busy two-core machine: both tests
  // share one page, the first reading it as it loads, the second using it.
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
    apiUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    await mkdir(screenshots, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(90_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(`${apiUrl}/partner-api`);
    await operation(page, 'get', '/v1/partner/users').waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function enterKeys(page: Page) {
    await page.fill('#sir-secret-key', partner.sandbox.partnerKey);
    await page.fill('#sir-hmac-secret', partner.sandbox.hmacSecret);
    await page.fill('#sir-publishable-key', partner.sandbox.publicKey);
    await page.click('text=Use these keys');
    await expect.poll(() => page.textContent('#sir-keys-status')).toContain('backend routes are signed with sk_test_');
  }

  it('carries the product name, says which key each route takes, and has no serious accessibility violations', async () => {
    await page.screenshot({ path: new URL('top.png', screenshots).pathname });
    expect(await page.title()).toBe('SIR Giving Partner API');
    expect(await page.getAttribute('link[rel="icon"]', 'href')).toMatch(/\/theme\/favicon\.svg$/);
    expect(await page.textContent('header h1')).toBe('SIR Giving Partner API');
    expect(await page.locator('.topbar, img[src*="logo"]').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toMatch(/swagger|fastify/i);

    const post = operation(page, 'post', '/v1/partner/users');
    await post.locator('.opblock-summary-control').click();
    await expect
      .poll(() => post.locator('.opblock-description').textContent())
      .toContain('Key: secret key sk_… in X-Partner-Key, signed with its HMAC secret');
    const config = operation(page, 'get', '/v1/partner/config');
    await config.locator('.opblock-summary-control').click();
    await expect
      .poll(() => config.locator('.opblock-description').textContent())
      .toContain('Key: publishable key pk_… in X-Partner-Key, unsigned');
    await page.screenshot({ path: new URL('page.png', screenshots).pathname, fullPage: false });

    // Evaluated through the debugging protocol, which the page's CSP does not govern.
    await page.evaluate(await axeSource);
    const violations = await page.evaluate<AxeViolation[]>('axe.run(document).then((result) => result.violations)');
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(
      serious.map(
        (violation) =>
          `${violation.id}: ${violation.help} (${violation.nodes.length} elements, e.g. ${violation.nodes
            .slice(0, 3)
            .map((node) => node.target.join(' '))
            .join(', ')})`,
      ),
    ).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // Closed again for the next test, which opens each operation it tries.
    await post.locator('.opblock-summary-control').click();
    await config.locator('.opblock-summary-control').click();
  }, 180_000);
  it('answers 401 without keys; once they are entered, a signed POST, signed GETs and a widget GET succeed', async () => {
    const unsigned = await tryOut(page, 'get', '/v1/partner/users', async () => {});
    expect(unsigned.status).toBe('401');
    expect(unsigned.request.headers()['x-signature']).toBeUndefined();
    // Back as it was: "Try it out" cancelled, the operation closed.
    await unsigned.block.locator('button.try-out__btn').click();
    await unsigned.block.locator('.opblock-summary-control').click();

    await enterKeys(page);
    await page.screenshot({ path: new URL('keys-entered.png', screenshots).pathname });
    // Spacing, key order and non-ASCII text as a person types them: the signature covers these exact bytes.
    const body = '{\n  "externalUserId": "docs-ü 1",\n  "firstName" : "Zoë",\n  "metadata": {"tier": "gold"}\n}';
    const created = await tryOut(page, 'post', '/v1/partner/users', async (block) => {
      await block.locator('textarea.body-param__text').fill(body);
    });
    expect(created.status).toBe('201');
    expect(created.request.postData()).toBe(body);
    expect(created.request.headers()).toMatchObject({
      'x-partner-key': partner.sandbox.partnerKey,
      'x-signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await created.block.screenshot({ path: new URL('signed-post.png', screenshots).pathname });

    // A path parameter the browser percent-encodes: the signature covers the encoded path as sent.
    const fetched = await tryOut(page, 'get', '/v1/partner/users/{externalId}', async (block) => {
      await block.locator('tr[data-param-name="externalId"] input').fill('docs-ü 1');
    });
    expect(fetched.status).toBe('200');
    expect(fetched.request.url()).toBe(`${apiUrl}/v1/partner/users/docs-%C3%BC%201`);
    expect(
      await fetched.block.locator('.live-responses-table tbody .response-col_description').textContent(),
    ).toContain('"firstName": "Zoë"');

    // A query string is part of what is signed.
    const listed = await tryOut(page, 'get', '/v1/partner/users', async (block) => {
      await block.locator('tr[data-param-name="limit"] input').fill('5');
    });
    expect(listed.status).toBe('200');
    expect(new URL(listed.request.url()).search).toBe('?limit=5');
    await page.screenshot({ path: new URL('signed-get.png', screenshots).pathname, fullPage: false });

    // Widget routes take the publishable key alone.
    const config = await tryOut(page, 'get', '/v1/partner/config', async () => {});
    expect(config.status).toBe('200');
    expect(config.request.headers()['x-partner-key']).toBe(partner.sandbox.publicKey);
    expect(config.request.headers()['x-signature']).toBeUndefined();

    const stored = await t.database.db
      .selectFrom('partner_users')
      .select(['external_id', 'first_name'])
      .where('partner_id', '=', partner.partnerId)
      .execute();
    expect(stored).toEqual([{ external_id: 'docs-ü 1', first_name: 'Zoë' }]);

    // Memory only: nothing of the keys in any browser storage.
    const storage = await page.evaluate<string>(
      'JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie])',
    );
    expect(storage).toBe('[{},{},""]');
    expect(await page.context().cookies()).toEqual([]);
    expect(consoleErrors.filter((error) => !error.includes('401'))).toEqual([]);
  }, 240_000);
});
