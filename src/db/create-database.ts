import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

// bigint columns hold token amounts; parse them as numbers only while they are exact.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`bigint ${value} exceeds the safe integer range`);
  return parsed;
});

/** `password` is for a URL that carries none (see runtime/local-database-password.ts). */
// pg lets the connection string's (empty) password override a separate password option.
function withPassword(connectionString: string, password: string): string {
  const url = new URL(connectionString);
  url.password = encodeURIComponent(password);
  return url.toString();
}

export function createDatabase(connectionString: string, poolSize = 10, password?: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: password === undefined ? connectionString : withPassword(connectionString, password),
    max: poolSize,
  });
  // A connection dropped by the server (restart, failover, a shutdown racing ours) must not crash
  // the process: idle ones are discarded by the pool, and a checked-out one fails its next query,
  // which returns it to the pool broken and discarded. Either way the next query opens a new one.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
