import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { workflowsPath } from '../temporal/worker/create-worker.js';
import { runCli } from './run-cli.js';

/**
 * Writes the workflow bundle a production worker loads with `--bundle`, so workers start without
 * bundling (seconds of CPU each) and every replica runs byte-identical workflow code.
 */
runCli(async () => {
  const target = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath });
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, code);
  console.log(`workflow bundle written to ${target} (${Math.round(code.length / 1024)} KiB)`);
});
