import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { freePort } from './free-port.js';

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

const databaseName = 'sir';

/** The embedded cluster under the data folder, with the application database created on first start. */
export async function startLocalPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<LocalPostgres> {
  const server = await startEmbeddedPostgres({
    dataDir: join(dataDir, 'postgres'),
    port: port || (await freePort()),
    log,
  });
  const admin = new pg.Client({ connectionString: server.urlFor('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [databaseName]);
    if (exists.rowCount === 0) await admin.query(`create database ${databaseName}`);
  } finally {
    await admin.end();
  }
  return { url: server.urlFor(databaseName), stop: () => server.stop() };
}
