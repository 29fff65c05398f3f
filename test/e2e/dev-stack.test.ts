import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';

const run = promisify(execFile);

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

describe('npm run dev on a fresh data folder', () => {
  let dataDir: string;
  let dev: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sir-dev-'));
    await chmod(dataDir, 0o755);
    const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    // Its own process group, so the test can press "Ctrl-C" on the whole tree as a terminal does.
    dev = spawn('npm', ['run', 'dev'], {
      cwd: new URL('../..', import.meta.url),
      detached: true,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort), DATABASE_URL: '', TEMPORAL_ADDRESS: '' },
    });
    dev.stdout?.on('data', (chunk) => (output += chunk));
    dev.stderr?.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      dev.stdout?.on('data', () => output.includes('Ctrl-C stops everything') && resolve());
      dev.once('exit', (code) => reject(new Error(`npm run dev exited (${code}):\n${output}`)));
    });
  }, 180_000);

  afterAll(async () => {
    try {
      process.kill(-dev.pid!, 'SIGKILL');
    } catch {
      // The whole group already exited, as it should have.
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints where the API, its docs and the Temporal UI are, and the sandbox secrets once', () => {
    expect(output).toMatch(/API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/API docs\s+http:\/\/127\.0\.0\.1:\d+\/partner-api/);
    expect(output).toMatch(/Temporal UI\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/secret key\s+sk_test_/);
  });

  it('answers the README\'s signed curl with 200', async () => {
    const script = `${await readmeWalkthrough()}`.replace('source .data/sandbox.env', `source ${join(dataDir, 'sandbox.env')}`);
    const { stdout } = await run('bash', ['-c', `set -e\n${script.replace(/curl "/, 'curl -s -w "\\n%{http_code}" "')}`]);
    const lines = stdout.trim().split('\n');
    expect(lines.pop()).toBe('200');
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ data: [], pagination: { hasMore: false } });
  });

  it('rewards the seeded user from the funded sandbox pool', async () => {
    const env = await readFile(join(dataDir, 'sandbox.env'), 'utf8');
    const value = (name: string) => new RegExp(`${name}="([^"]+)"`).exec(env)![1]!;
    const { signedHeaders } = await import('../support/sign.js');
    const body = JSON.stringify({ idempotencyKey: 'dev_smoke_1', actionType: 'PURCHASE', amount: 10, currency: 'USD', stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: 'u1' }], autoCreateUsers: true });
    const path = '/v1/partner/actions/submit';
    const response = await fetch(`${value('SIR_BASE_URL')}${path}`, {
      method: 'POST',
      headers: signedHeaders({ partnerKey: value('SIR_SECRET_KEY'), hmacSecret: value('SIR_HMAC_SECRET') }, 'POST', path, body),
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'COMPLETED', tokensDistributed: 10 });
  });

  it('stops every child process on Ctrl-C', async () => {
    // The output pipe closes only when every process holding it, the stack's own node process included, is gone.
    const closed = Promise.all([once(dev, 'exit'), once(dev.stdout!, 'close'), once(dev.stderr!, 'close')]);
    process.kill(-dev.pid!, 'SIGINT');
    await closed;
    expect(output).toContain('stopped.');
    expect(await processesMentioning(dataDir)).toEqual([]);
  }, 60_000);
});
