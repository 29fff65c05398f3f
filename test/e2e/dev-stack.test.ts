import { Client, Connection } from '@temporalio/client';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { launchChromium } from '../support/chromium.js';
import { eventually } from '../support/delivery-waits.js';
import { signedHeaders } from '../support/sign.js';

const run = promisify(execFile);
// Git-ignored: screenshots are for people to look at, not to review in diffs.
const artifactsDir = join(process.cwd(), '.artifacts');

/** The README's walk-through, exactly as a newcomer copies it. */
async function readmeWalkthrough(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = /<!-- walkthrough:start -->\s*```bash\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  if (!section?.[1]) throw new Error('README has no walkthrough section');
  return section[1];
}

async function processesMentioning(text: string): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'pid,args']);
  return stdout.split('\n').filter((line) => line.includes(text) && !line.includes('ps -eo'));
}

// One `npm run dev` serves every check of the whole stack: the printed summary, the README's curl,
// a reward, the Temporal Web UI in a real browser, and Ctrl-C last.
describe('npm run dev on a fresh data folder', () => {
  let dataDir: string;
  let dev: ChildProcess;
  let output = '';
  let temporalAddress: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sir-dev-'));
    // PostgreSQL runs as the postgres user when started as root and must be able to enter the folder.
    await chmod(dataDir, 0o755);
    const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    temporalAddress = `127.0.0.1:${temporalPort}`;
    // Its own process group, so the test can press "Ctrl-C" on the whole tree as a terminal does.
    dev = spawn('npm', ['run', 'dev'], {
      cwd: new URL('../..', import.meta.url),
      detached: true,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        TEMPORAL_DEV_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        DATABASE_URL: '',
        TEMPORAL_ADDRESS: '',
      },
    });
    dev.stdout?.on('data', (chunk) => (output += chunk));
    dev.stderr?.on('data', (chunk) => (output += chunk));
    const ready = new Promise<void>((resolve, reject) => {
      dev.stdout?.on('data', () => output.includes('Ctrl-C stops everything') && resolve());
      dev.once('exit', (code) => reject(new Error(`npm run dev exited (${code}):\n${output}`)));
    });
    [browser] = await Promise.all([launchChromium(), ready]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    try {
      process.kill(-dev.pid!, 'SIGKILL');
    } catch {
      // The whole group already exited, as it should have.
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const sandboxEnv = async () => {
    const env = await readFile(join(dataDir, 'sandbox.env'), 'utf8');
    return (name: string) => new RegExp(`${name}="([^"]+)"`).exec(env)![1]!;
  };
  async function submitPurchase(idempotencyKey: string, partnerUserId: string, amount: number) {
    const value = await sandboxEnv();
    const body = JSON.stringify({
      idempotencyKey,
      actionType: 'PURCHASE',
      amount,
      currency: 'USD',
      stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId }],
      autoCreateUsers: true,
    });
    const path = '/v1/partner/actions/submit';
    const response = await fetch(`${value('SIR_BASE_URL')}${path}`, {
      method: 'POST',
      headers: signedHeaders(
        { partnerKey: value('SIR_SECRET_KEY'), hmacSecret: value('SIR_HMAC_SECRET') },
        'POST',
        path,
        body,
      ),
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { actionId: string; status: string; tokensDistributed: number },
    };
  }

  it('prints where the API, its docs and the Temporal UI are, and the sandbox secrets once', () => {
    expect(output).toMatch(/API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/API docs\s+http:\/\/127\.0\.0\.1:\d+\/partner-api/);
    expect(output).toMatch(/Temporal UI\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/secret key\s+sk_test_/);
  });

  it("answers the README's signed curl with 200", async () => {
    const script = `${await readmeWalkthrough()}`.replace(
      'source .data/sandbox.env',
      `source ${join(dataDir, 'sandbox.env')}`,
    );
    const { stdout } = await run('bash', [
      '-c',
      `set -e\n${script.replace(/curl "/, 'curl -s -w "\\n%{http_code}" "')}`,
    ]);
    const lines = stdout.trim().split('\n');
    expect(lines.pop()).toBe('200');
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ data: [], pagination: { hasMore: false } });
  });

  it('rewards the seeded user from the funded sandbox pool', async () => {
    const { status, body } = await submitPurchase('dev_smoke_1', 'u1', 10);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'COMPLETED', tokensDistributed: 10 });
  });

  it('lists a completed action workflow in the Temporal Web UI, found by its search attributes, and shows their values', async () => {
    const value = await sandboxEnv();
    const login = await fetch(`${value('SIR_BASE_URL')}/v1/partner/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: value('SIR_PORTAL_EMAIL'), password: value('SIR_PORTAL_PASSWORD') }),
    });
    const partnerId = ((await login.json()) as { user: { partnerId: string } }).user.partnerId;
    const { status, body: action } = await submitPurchase('ui_check_1', 'ui_user', 12);
    expect([status, action.status]).toEqual([200, 'COMPLETED']);
    const workflowId = workflowIds.action(partnerId, 'sandbox', 'ui_check_1');
    const temporalUiUrl = /Temporal UI\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;

    // Visibility is eventually consistent: the UI's list is loaded once the server can answer the query.
    const query = `SirActionId="${action.actionId}" AND SirPartnerId="${partnerId}" AND SirEnvironment="sandbox"`;
    const temporal = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
    try {
      await eventually(
        async () => {
          for await (const workflow of temporal.workflow.list({ query }))
            if (workflow.status.name === 'COMPLETED') return workflow;
          return undefined;
        },
        'the action workflow in the visibility store',
        20_000,
      );
    } finally {
      await temporal.connection.close();
    }

    await mkdir(artifactsDir, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(20_000);
    try {
      await page.goto(`${temporalUiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
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
      for (const value of [
        'SirActionId',
        action.actionId,
        'SirPartnerId',
        partnerId,
        'SirEnvironment',
        'sandbox',
        'SirActionType',
        'PURCHASE',
        'SirStatus',
        'COMPLETED',
      ]) {
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
  });

  it('stops every child process on Ctrl-C', async () => {
    // The output pipe closes only when every process holding it, the stack's own node process included, is gone.
    const closed = Promise.all([once(dev, 'exit'), once(dev.stdout!, 'close'), once(dev.stderr!, 'close')]);
    process.kill(-dev.pid!, 'SIGINT');
    await closed;
    expect(output).toContain('stopped.');
    expect(await processesMentioning(dataDir)).toEqual([]);
  });
});
