import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { createAppDependencies } from '../../src/api/app-dependencies.js';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { createPartnerAccount } from '../../src/portal/create-partner-account.js';
import { webhookSettingsFrom } from '../../src/webhooks/webhook-settings.js';
import { signedHeaders } from '../support/sign.js';
import { startBenchDatabase } from './bench-database.js';
import { summarize } from './latency-stats.js';

/**
 * `npm run bench:hostile`: the p50 of a normal signed GET alone, then while hostile senders run
 * beside it (deeply nested 1 MB bodies, signed and unsigned, and concurrent wrong-password login
 * loops, from a separate process), all on loopback against one API process. It models a partner
 * and attackers on different machines: the partner sends from 127.0.0.1, the nested bodies from
 * 127.0.0.2 and the login loops from 127.0.0.3, and the server keeps its production limits. Only
 * the measured partner's own per-key budget is raised, as its plan would be for the rate it sends.
 * `BENCH_CHEAP_FLOOD=1` gives the floor: the same senders flooding bodiless 404s instead.
 * Prints one JSON summary.
 */
const phaseMs = Number(process.env.BENCH_PHASE_MS ?? 8_000);
const nestedSenders = Number(process.env.BENCH_NESTED_SENDERS ?? 3);
const loginLoops = Number(process.env.BENCH_LOGIN_LOOPS ?? 6);
// The floor: the same senders' connection churn with requests nothing refuses (bodiless 404s, never banned).
const cheapFlood = process.env.BENCH_CHEAP_FLOOD === '1';
const depth = 500_000;
const partnerSource = '127.0.0.1';
const nestedSource = '127.0.0.2';
const loginSource = '127.0.0.3';

/** The hostile senders run in their own process, so their CPU is not this one's. */
async function startSenders(settings: Record<string, unknown>): Promise<Record<string, unknown>> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./hostile-senders.ts', import.meta.url)), JSON.stringify(settings)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`hostile senders exited with ${code}`);
  return JSON.parse(output) as Record<string, unknown>;
}

interface Answer {
  status: number;
  ms: number;
}

function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        localAddress: partnerSource,
        agent,
        headers: { ...headers, ...(body && { 'content-length': String(body.length) }) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** Runs `once` back to back until the deadline; counts answers by status. */
async function loop(
  deadline: number,
  once: () => Promise<Answer>,
  statuses: Record<string, number>,
  latencies?: number[],
) {
  while (performance.now() < deadline) {
    const answer = await once().catch(() => ({ status: 0, ms: 0 }));
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    latencies?.push(answer.ms);
  }
}

async function main() {
  const { db, stop } = await startBenchDatabase('hostile', 10);
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const config = loadConfig({});
  try {
    const deps = createAppDependencies(db, temporal, {
      masterKey: randomBytes(32).toString('hex'),
      jwtSecret: randomBytes(32).toString('hex'),
      jwtTtlSeconds: 3600,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      actionSyncWaitMs: 1000,
      ipRateLimitPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
      webhooks: webhookSettingsFrom(config),
    });
    const app = await buildApp(deps);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });

    const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
    await createPartnerAccount(db, {
      email,
      password: 'the-right-password',
      name: 'Bench',
      partnerName: 'Bench Partner',
    });
    const jwt = (
      (await (
        await fetch(`http://127.0.0.1:${port}/v1/partner/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'the-right-password' }),
        })
      ).json()) as { token: string }
    ).token;
    const key = (await (
      await fetch(`http://127.0.0.1:${port}/v1/partner/keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
        body: JSON.stringify({ name: 'bench', environment: 'sandbox', keyType: 'secret' }),
      })
    ).json()) as { secretKey: string; hmacSecret: string };
    const credentials = { partnerKey: key.secretKey, hmacSecret: key.hmacSecret };

    await db.updateTable('partners').set({ rate_limit_per_minute: 1_000_000 }).execute();

    const signedGet = () =>
      send(agent, port, 'GET', '/v1/partner/users', signedHeaders(credentials, 'GET', '/v1/partner/users'));
    const measure = async (hostile: boolean) => {
      const deadline = performance.now() + phaseMs;
      const latencies: number[] = [];
      const normal: Record<string, number> = {};
      const attack = hostile
        ? startSenders({
            port,
            durationMs: phaseMs,
            nestedSenders,
            loginLoops,
            depth,
            email,
            credentials,
            nestedSource,
            loginSource,
            cheapFlood,
          })
        : undefined;
      const cpuBefore = process.cpuUsage();
      await loop(deadline, signedGet, normal, latencies);
      const cpu = process.cpuUsage(cpuBefore);
      return {
        signedGet: { requests: latencies.length, statuses: normal, ...summarize(latencies) },
        // The API and the measured partner share this process.
        apiAndPartnerCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        ...(attack && (await attack)),
      };
    };

    for (let i = 0; i < 50; i++) await signedGet();
    const alone = await measure(false);
    const underAttack = await measure(true);
    const ratio = Math.round((underAttack.signedGet.p50 / alone.signedGet.p50) * 100) / 100;
    const summary = {
      phaseMs,
      hostileSenders: {
        nestedBodies: cheapFlood
          ? { senders: nestedSenders, instead: 'bodiless GETs to an unknown path, one a connection' }
          : { senders: nestedSenders, depth, bytes: 2 * depth + 6 },
        wrongPasswordLoops: loginLoops,
        process: 'separate',
        sources: { partner: partnerSource, nestedBodies: nestedSource, wrongPasswordLogins: loginSource },
        ipRateLimitPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
      },
      alone,
      underAttack,
      p50Ratio: ratio,
      verdict:
        ratio <= 2
          ? 'signed GET p50 stays within 2x under hostile senders'
          : 'signed GET p50 more than doubled under hostile senders',
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    agent.destroy();
    await app.close();
  } finally {
    await stop();
  }
}

await main();
