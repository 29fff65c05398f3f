import { rm } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { LocalStack } from '../../src/runtime/local-stack.js';

/** What a benchmark started, filled in as it starts each piece, so a failure still stops them. */
export interface StackBenchResources {
  stack?: LocalStack;
  dataDir?: string;
  db?: Kysely<Database>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs a benchmark on a local stack: a failure exits 1, and what it started is stopped either way. */
export function runStackBench(main: (running: StackBenchResources) => Promise<void>): void {
  const running: StackBenchResources = {};
  const runThenStop = async () => {
    try {
      await main(running);
    } catch (error) {
      log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    } finally {
      process.on('uncaughtException', (error) => log(`while stopping: ${error.message}`));
      await running.db?.destroy();
      await running.stack?.stop();
      if (running.dataDir) await rm(running.dataDir, { recursive: true, force: true });
      process.exit();
    }
  };
  void runThenStop();
}
