import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../src/db/create-database.js';
import type { Database } from '../../src/db/schema.js';
import { randomToken } from '../../src/ids.js';
import { createPartnerAccount } from '../../src/portal/create-partner-account.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import { freePort } from '../../src/runtime/free-port.js';
import { purchase } from '../support/ledger-fixtures.js';
import { spawnBuilt, type BuiltProcess } from '../support/production-build.js';
import { signedHeaders } from '../support/sign.js';
import { currentTestNamespace } from '../support/test-namespace.js';
import { testJwtSecret, testMasterKey } from '../support/test-secrets.js';

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('the production build: compiled entry points with production dependencies only, on real PostgreSQL and Temporal', () => {
  const databaseName = `test_${randomToken(12)}`;
  // Built once for the run by the global setup; its workflow bundle is the one every test loads.
  const appDir = inject('productionAppDir');
  let db: Kysely<Database>;
  let env: Record<string, string>;
  let baseUrl: string;
  const running: BuiltProcess[] = [];

  beforeAll(async () => {
    // An empty database, so the built migrate applies every migration itself.
    await adminQuery(`create database ${databaseName}`);
    const databaseUrl = inject('postgresAdminUrl').replace(/\/postgres$/, `/${databaseName}`);
    db = createDatabase(databaseUrl, 2);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '4',
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: currentTestNamespace(),
      MASTER_KEY: testMasterKey,
      JWT_SECRET: testJwtSecret,
      HOST: '127.0.0.1',
      PORT: String(port),
      // Required in production: the origin of the links the API hands out.
      PUBLIC_BASE_URL: baseUrl,
      // The first reward waits for a cold worker on a busy machine; it should still answer COMPLETED.
      ACTION_SYNC_WAIT_MS: '30000',
    };
  });

  afterAll(async () => {
    running.forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL'));
    await db?.destroy();
    await adminQuery(`drop database if exists ${databaseName} with (force)`);
  });

  it('migrates, serves a signed reward through the built API and worker to COMPLETED, and stops cleanly on SIGTERM', async () => {
    const migrate = spawnBuilt(appDir, 'src/cli/migrate.js', [], env);
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(migrate.output()).toMatch(/^applied: 2026_11_22_0001_foundation, /);

    const bundle = ['--bundle', join(appDir, 'dist/workflow-bundle.js')];
    for (const taskQueue of ['ledger', 'webhooks'])
      running.push(spawnBuilt(appDir, 'src/cli/worker.js', ['--task-queue', taskQueue, ...bundle], env));
    running.push(spawnBuilt(appDir, 'src/cli/api.js', [], env));
    await Promise.all(
      running.map((built, index) => built.waitForLine(index < 2 ? /"msg":"worker polling"/ : /"msg":"API listening"/)),
    );
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status, await ready.text()).toBe(200);

    const email = `${randomToken(8)}@example.com`;
    const password = `pw-${randomToken(12)}`;
    const { partner } = await createPartnerAccount(db, {
      email,
      password,
      name: 'Build Owner',
      partnerName: 'Production build',
    });
    await createTokenPool(
      db,
      { partnerId: partner.id, environment: 'sandbox' },
      { name: 'sandbox pool', initialTokens: 1000, lowBalanceThreshold: 0 },
    );
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const { token } = (await (await post('/v1/partner/auth/login', { email, password }, {})).json()) as {
      token: string;
    };
    const keyResponse = await post(
      '/v1/partner/keys',
      { name: 'build key', environment: 'sandbox', keyType: 'secret' },
      { authorization: `Bearer ${token}` },
    );
    expect(keyResponse.status).toBe(201);
    const key = (await keyResponse.json()) as { secretKey: string; hmacSecret: string };

    const body = JSON.stringify(purchase('production_build_1', 49.99));
    const path = '/v1/partner/actions/submit';
    const reward = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: signedHeaders({ partnerKey: key.secretKey, hmacSecret: key.hmacSecret }, 'POST', path, body),
      body,
    });
    const rewarded = await reward.json();
    expect(reward.status, JSON.stringify(rewarded)).toBe(200);
    expect(rewarded).toEqual({
      actionId: expect.stringMatching(/^act_/),
      idempotencyKey: 'production_build_1',
      status: 'COMPLETED',
      tokensDistributed: 50,
      transactionIds: [expect.stringMatching(/^txn_/)],
    });

    // A container stop: each process finishes its work, closes its connections and exits 0.
    running.forEach(({ child }) => child.kill('SIGTERM'));
    const codes = await Promise.all(running.map((built) => built.exited));
    expect(codes, running.map((built) => built.output()).join('\n')).toEqual([0, 0, 0]);
  }, 180_000);
});
