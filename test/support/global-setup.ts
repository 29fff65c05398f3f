import { TestWorkflowEnvironment } from '@temporalio/testing';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ProvidedContext } from 'vitest';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../../src/db/create-database.js';
import { migrateToLatest } from '../../src/db/migrate-to-latest.js';
import { startEmbeddedPostgres } from '../../src/runtime/embedded-postgres.js';
import { freePort } from '../../src/runtime/free-port.js';
import { allSearchAttributeKeys } from '../../src/temporal/contract/search-attributes.js';
import { resolveTemporalCli, resolveTemporalTestServer } from '../../src/temporal/dev/temporal-binaries.js';
import { buildProductionApp } from './production-build.js';
import { namespaceOfTestFile } from './test-namespace.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
    temporalCliPath: string;
    temporalTestServerPath: string;
    /** The bundle `npm run build` writes: every in-process and spawned worker of the run loads it. */
    workflowBundlePath: string;
    /** `npm run build`'s output laid out as the image's /app; tests spawn its compiled entry points. */
    productionAppDir: string;
    /** The run's shared Temporal dev server; each test file works in a namespace of its own. */
    temporalAddress: string;
  }
}

interface TestRun {
  provided: ProvidedContext;
  stop(): Promise<void>;
}

const templateDatabase = 'sir_template';
async function migratedTemplate(runDir: string) {
  // PostgreSQL runs as its own user when we are root, and must be able to enter this folder.
  await chmod(runDir, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir: join(runDir, 'postgres'),
    port: await freePort(),
    unsafeFast: true,
  });
  const admin = new pg.Client({ connectionString: postgres.urlFor('postgres') });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  await admin.end();
  const template = createDatabase(postgres.urlFor(templateDatabase), 1);
  await migrateToLatest(template);
  await template.destroy();
  return postgres;
}

/** One dev server for the whole run, with every test file's namespace created at start-up (usable at once). */
async function sharedDevServer(cliPath: string, namespaces: string[]) {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cliPath },
      searchAttributes: [...allSearchAttributeKeys],
      extraArgs: namespaces.flatMap((namespace) => ['--namespace', namespace]),
    },
  });
}

// A test file reaches the shared dev server only through these helpers (or its namespace's name). Each namespace costs the
// server some idle work (about 8 % of a core per 100), so files that never use Temporal get none.
const usesSharedTemporal = /from '\.\.\/support\/(temporal-stack|temporal-app|webhook-stack|test-namespace)\.js'/;

async function namespacesOfTemporalTests(projects: readonly TestProject[]): Promise<string[]> {
  const testFiles = (await Promise.all(projects.map((project) => project.globTestFiles()))).flatMap(
    (found) => found.testFiles,
  );
  const sources = await Promise.all(testFiles.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  return [
    ...new Set(
      sources.filter(({ text }) => usesSharedTemporal.test(text)).map(({ file }) => namespaceOfTestFile(file)),
    ),
  ];
}

async function startTestRun(projects: readonly TestProject[]): Promise<TestRun> {
  const namespaces = await namespacesOfTemporalTests(projects);
  const runDir = await mkdtemp(join(tmpdir(), 'sir-test-'));
  const [temporalCliPath, temporalTestServerPath] = await Promise.all([
    resolveTemporalCli(),
    resolveTemporalTestServer(),
  ]);
  // Independent pieces start side by side: the build is CPU, PostgreSQL and Temporal mostly wait.
  const [postgresStart, buildStart, temporalStart] = await Promise.allSettled([
    migratedTemplate(runDir),
    buildProductionApp(join(runDir, 'app')),
    sharedDevServer(temporalCliPath, namespaces),
  ]);
  if (postgresStart.status === 'rejected' || buildStart.status === 'rejected' || temporalStart.status === 'rejected') {
    // A failed start must not leave the pieces that did start running after vitest exits.
    await Promise.all([
      postgresStart.status === 'fulfilled' && postgresStart.value.stop(),
      temporalStart.status === 'fulfilled' && temporalStart.value.teardown(),
    ]);
    await rm(runDir, { recursive: true, force: true });
    throw [postgresStart, buildStart, temporalStart].find((start) => start.status === 'rejected')?.reason;
  }
  const [postgres, productionAppDir, temporal] = [postgresStart.value, buildStart.value, temporalStart.value];
  return {
    provided: {
      postgresAdminUrl: postgres.urlFor('postgres'),
      templateDatabase,
      temporalCliPath,
      temporalTestServerPath,
      workflowBundlePath: join(productionAppDir, 'dist/workflow-bundle.js'),
      productionAppDir,
      temporalAddress: temporal.address,
    },
    async stop() {
      await temporal.teardown();
      await postgres.stop();
      await rm(runDir, { recursive: true, force: true });
    },
  };
}

// Several projects list this setup and vitest loads it once per project, in one process: the run
// they share lives on globalThis (their setups are called one after another, never at once).
const sharedRunKey = Symbol.for('sir.test-run');
type SharedRun = { run: Promise<TestRun>; users: number };
const registry = globalThis as { [sharedRunKey]?: SharedRun };

/**
 * Once per run: a throwaway PostgreSQL cluster with a migrated template each test file copies, the
 * Temporal binaries, the shared dev server, and one production build: its workflow bundle is the
 * one every test worker loads, and tests that need a separate process spawn its compiled entry
 * points (a second each, against three through tsx).
 */
export default async function setup(project: TestProject) {
  const shared = (registry[sharedRunKey] ??= { run: startTestRun(project.vitest.projects), users: 0 });
  shared.users += 1;
  const run = await shared.run;
  for (const key of Object.keys(run.provided) as (keyof ProvidedContext)[]) project.provide(key, run.provided[key]);
  return async () => {
    if (--shared.users > 0) return;
    delete registry[sharedRunKey];
    await run.stop();
  };
}
