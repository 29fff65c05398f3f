import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../../src/db/create-database.js';
import { migrateToLatest } from '../../src/db/migrate-to-latest.js';
import type { Database } from '../../src/db/schema.js';
import { startEmbeddedPostgres } from '../../src/runtime/embedded-postgres.js';
import { freePort } from '../../src/runtime/free-port.js';

export interface BenchDatabase {
  db: Kysely<Database>;
  /** Closes the pool, stops the cluster and removes its folder. */
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL cluster (not durable: fsync off) with one migrated database, for a benchmark. */
export async function startBenchDatabase(name: string, poolSize: number): Promise<BenchDatabase> {
  const runDir = await mkdtemp(join(tmpdir(), `sir-bench-${name}-`));
  // PostgreSQL runs as its own user when we are root, and must be able to enter this folder.
  await chmod(runDir, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir: join(runDir, 'postgres'),
    port: await freePort(),
    unsafeFast: true,
  });
  const admin = new pg.Client({ connectionString: postgres.urlFor('postgres') });
  await admin.connect();
  await admin.query('create database bench');
  await admin.end();
  const db = createDatabase(postgres.urlFor('bench'), poolSize);
  const stop = async () => {
    await db.destroy();
    await postgres.stop();
    await rm(runDir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(db);
  } catch (error) {
    await stop();
    throw error;
  }
  return { db, stop };
}
