import type { Kysely } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase } from '../../src/db/create-database.js';
import type { Database } from '../../src/db/schema.js';
import { randomToken } from '../../src/ids.js';

export interface TestDatabase {
  db: Kysely<Database>;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database copied from the run's template: no test sees another's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomToken(12)}`;
  await admin((client) => client.query(`create database ${name} template ${inject('templateDatabase')}`));
  const url = inject('postgresAdminUrl').replace(/\/postgres$/, `/${name}`);
  const db = createDatabase(url, 20);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
