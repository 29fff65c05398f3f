import { bundleWorkflowCode } from '@temporalio/worker';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../../src/db/create-database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { startEmbeddedPostgres } from '../../src/runtime/embedded-postgres.js';
import { workflowsPath } from '../../src/temporal/create-worker.js';
import { resolveTemporalCli, resolveTemporalTestServer } from '../../src/temporal/temporal-binaries.js';
import { preinstallChromium } from './chromium.js';
import { freePort } from '../../src/runtime/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
    temporalCliPath: string;
    temporalTestServerPath: string;
    workflowBundlePath: string;
  }
}

const templateDatabase = 'sir_template';
const quietBundlerLogger = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as never;

/**
 * Once per run: a throwaway PostgreSQL cluster with a migrated template each test file copies,
 * the Temporal binaries, Chromium for the browser tests, and the workflow bundle every test worker loads.
 */
export default async function setup(project: TestProject) {
  const [temporalCliPath, temporalTestServerPath] = [await resolveTemporalCli(), await resolveTemporalTestServer()];
  await preinstallChromium();
  const runDir = await mkdtemp(join(tmpdir(), 'sir-test-'));
  // PostgreSQL runs as its own user when we are root, and must be able to enter this folder.
  await chmod(runDir, 0o755);
  const dataDir = join(runDir, 'postgres');
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  const workflowBundlePath = join(runDir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, code);
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), unsafeFast: true });
  const adminUrl = postgres.urlFor('postgres');

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  await admin.end();
  const template = createDatabase(postgres.urlFor(templateDatabase), 1);
  await migrateToLatest(template);
  await template.destroy();

  project.provide('postgresAdminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('temporalCliPath', temporalCliPath);
  project.provide('temporalTestServerPath', temporalTestServerPath);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await postgres.stop();
    await rm(runDir, { recursive: true, force: true });
  };
}
