import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../../src/db/create-database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { startEmbeddedPostgres } from '../../src/runtime/embedded-postgres.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

const templateDatabase = 'sir_template';

/** One throwaway PostgreSQL cluster for the run, with a migrated template each test file copies. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'sir-test-pg-'));
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

  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
