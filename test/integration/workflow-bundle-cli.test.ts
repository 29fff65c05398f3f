import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHistoryFolder, replayHistories } from '../../src/temporal/worker/replay-histories.js';

const run = promisify(execFile);
const historiesDir = fileURLToPath(new URL('../histories', import.meta.url));

describe('npm run build:workflows', () => {
  let folder: string | undefined;
  afterAll(async () => folder && rm(folder, { recursive: true, force: true }));

  it('writes a bundle that runs every recorded workflow history deterministically, as a production worker would', async () => {
    folder = await mkdtemp(join(tmpdir(), 'sir-bundle-'));
    const target = join(folder, 'nested', 'workflow-bundle.js');

    const { stdout } = await run('node_modules/.bin/tsx', ['src/cli/bundle-workflows.ts', target], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });

    expect(stdout).toContain(`workflow bundle written to ${target}`);
    const verdicts = await replayHistories(await loadHistoryFolder(historiesDir), {
      workflowBundle: { code: await readFile(target, 'utf8') },
    });
    expect(verdicts.length).toBeGreaterThanOrEqual(10);
    expect(verdicts.filter((verdict) => !verdict.deterministic)).toEqual([]);
  }, 120_000);
});
