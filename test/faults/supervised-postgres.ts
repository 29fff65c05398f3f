import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/runtime/embedded-postgres.js';

export interface SupervisedPostgres {
  url: string;
  logFile: string;
  /**
   * SIGQUIT to the postmaster, which is what `pg_ctl stop -m immediate` sends: no checkpoint, every
   * backend dropped, crash recovery on the next start; then started again on the same data and port.
   */
  restartImmediate(): Promise<void>;
  /** Ends every other session on the application database, as an operator's pg_terminate_backend would. */
  terminateConnections(): Promise<number>;
  stop(): Promise<void>;
}

const databaseName = 'sir';

async function postmasterPid(dataDir: string): Promise<number> {
  const lockFile = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
  return Number(lockFile.split('\n')[0]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A durable cluster (fsync and synchronous commit on) of its own, so crashing it harms no other test. */
export async function startSupervisedPostgres(
  dataDir: string,
  port: number,
  logDir: string,
): Promise<SupervisedPostgres> {
  const logFile = join(logDir, 'postgres.log');
  const start = () => startEmbeddedPostgres({ dataDir, port, log: (line) => appendFileSync(logFile, line) });
  let server: RunningPostgres = await start();
  const admin = (database: string) => new pg.Client({ connectionString: server.urlFor(database) });

  const setup = admin('postgres');
  await setup.connect();
  await setup.query(`create database ${databaseName}`);
  await setup.end();

  return {
    url: server.urlFor(databaseName),
    logFile,
    async restartImmediate() {
      const pid = await postmasterPid(dataDir);
      process.kill(pid, 'SIGQUIT');
      const deadline = Date.now() + 30_000;
      while (isAlive(pid)) {
        if (Date.now() > deadline) throw new Error(`postmaster ${pid} still running 30 s after SIGQUIT`);
        await sleep(50);
      }
      appendFileSync(logFile, `\n--- immediate stop, starting again ${new Date().toISOString()}\n`);
      server = await start();
    },
    async terminateConnections() {
      const client = admin('postgres');
      await client.connect();
      try {
        const result = await client.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [databaseName],
        );
        return result.rowCount ?? 0;
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
