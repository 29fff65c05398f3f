import { Client, Connection } from '@temporalio/client';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { freePort } from '../../src/runtime/free-port.js';
import { startLocalStack, type LocalStack } from '../../src/runtime/local-stack.js';
import { workflowIds } from '../../src/temporal/workflow-ids.js';
import { launchChromium } from '../support/chromium.js';
import { eventually } from '../support/delivery-waits.js';
import { signedHeaders } from '../support/sign.js';

// Git-ignored: screenshots are for people to look at, not to review in diffs.
const artifactsDir = join(process.cwd(), '.artifacts');

describe("the dev stack's Temporal Web UI in a real browser", () => {
  let dataDir: string;
  let stack: LocalStack;
  let temporal: Client;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sir-ui-'));
    // PostgreSQL runs as the postgres user when started as root and must be able to enter the folder.
    await chmod(dataDir, 0o755);
    const [port, temporalPort, uiPort, pgPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const config = loadConfig({
      ...process.env,
      DATA_DIR: dataDir, PORT: String(port), TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort),
      EMBEDDED_POSTGRES_PORT: String(pgPort), LOG_LEVEL: 'warn', DATABASE_URL: '', TEMPORAL_ADDRESS: '',
    });
    [stack, browser] = await Promise.all([startLocalStack(config, () => {}), launchChromium()]);
    temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await temporal?.connection.close();
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lists a completed action workflow found by its search attributes and shows their values', async () => {
    const credentials = stack.seeded!.credentials;
    const body = JSON.stringify({
      idempotencyKey: 'ui_check_1', actionType: 'PURCHASE', amount: 12, currency: 'USD',
      stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: 'ui_user' }], autoCreateUsers: true,
    });
    const path = '/v1/partner/actions/submit';
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST', body,
      headers: signedHeaders({ partnerKey: credentials.secretKey, hmacSecret: credentials.hmacSecret }, 'POST', path, body),
    });
    const action = (await response.json()) as { actionId: string; status: string };
    expect([response.status, action.status]).toEqual([200, 'COMPLETED']);
    const workflowId = workflowIds.action(credentials.partnerId, 'sandbox', 'ui_check_1');

    // Visibility is eventually consistent: the UI's list is loaded once the server can answer the query.
    const query = `SirActionId="${action.actionId}" AND SirPartnerId="${credentials.partnerId}" AND SirEnvironment="sandbox"`;
    await eventually(async () => {
      for await (const workflow of temporal.workflow.list({ query })) if (workflow.status.name === 'COMPLETED') return workflow;
      return undefined;
    }, 'the action workflow in the visibility store', 20_000);

    await mkdir(artifactsDir, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(20_000);
    try {
      await page.goto(`${stack.temporalUiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
      const row = page.locator('tr', { hasText: workflowId });
      await row.waitFor();
      await page.screenshot({ path: join(artifactsDir, 'temporal-ui-workflow-list.png') });
      expect(await row.innerText()).toMatch(/\bcompleted\b/i);
      expect(await row.innerText()).toMatch('processAction');

      await row.getByText(workflowId).click();
      await page.waitForURL(/\/workflows\/action%2F|\/workflows\/action\//);
      await page.getByText('Search Attributes', { exact: true }).click();
      await page.getByText('SirActionId').first().waitFor();
      const attributes = await page.locator('main').innerText();
      for (const value of ['SirActionId', action.actionId, 'SirPartnerId', credentials.partnerId, 'SirEnvironment', 'sandbox', 'SirActionType', 'PURCHASE', 'SirStatus', 'COMPLETED']) {
        expect(attributes).toContain(value);
      }
      await page.screenshot({ path: join(artifactsDir, 'temporal-ui-search-attributes.png'), fullPage: true });

      // The memo carries the human context: what was bought, for how much, by whom.
      await page.getByText('Memo', { exact: true }).click();
      await page.getByText('CUSTOMER:ui_user').first().waitFor();
      expect(await page.locator('main').innerText()).toMatch(/"amount":\s*"12(\.00)?"[\s\S]*"currency":\s*"USD"/);
    } finally {
      await page.screenshot({ path: join(artifactsDir, 'temporal-ui-memo.png'), fullPage: true });
      await page.close();
    }
  }, 60_000);
});
