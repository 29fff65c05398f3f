import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { builtEntryArgs } from '../support/production-build.js';

export interface ProcessSpec {
  name: string;
  /** The production build's folder (see test/support/production-build.ts). */
  appDir: string;
  /** A compiled entry point under its dist/, run by node alone (no wrapper to outlive a kill). */
  entry: string;
  args?: string[];
  env: Record<string, string>;
  logDir: string;
  /** Polled after each start until it answers true. */
  isReady(pid: number): Promise<boolean>;
}

export interface SupervisedProcess {
  name: string;
  logFile: string;
  start(): Promise<void>;
  /** Sends the signal and waits for the exit; SIGKILL gives the process no chance to clean up. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const readyTimeoutMs = 60_000;
const running = new Set<ChildProcess>();
// A failed or interrupted test run must not leave API or worker processes behind.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export function superviseProcess(spec: ProcessSpec): SupervisedProcess {
  const logFile = join(spec.logDir, `${spec.name}.log`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  let child: ChildProcess | undefined;
  const log = () => readFile(logFile, 'utf8').catch(() => '');

  async function start() {
    logStream.write(`\n--- start ${new Date().toISOString()}\n`);
    const started = spawn(process.execPath, [...builtEntryArgs(spec.appDir, spec.entry), ...(spec.args ?? [])], {
      cwd: spec.appDir,
      env: { PATH: process.env.PATH ?? '', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    running.add(started);
    started.stdout?.pipe(logStream, { end: false });
    started.stderr?.pipe(logStream, { end: false });
    started.once('exit', (code, signal) => {
      running.delete(started);
      logStream.write(`--- exit code ${code} signal ${signal}\n`);
    });
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null)
        throw new Error(`${spec.name} exited while starting:\n${await log()}`);
      if (await spec.isReady(started.pid!).catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`${spec.name} not ready within the deadline:\n${await log()}`);
      await sleep(100);
    }
  }

  async function kill(signal: NodeJS.Signals = 'SIGKILL') {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = once(current, 'exit');
    current.kill(signal);
    await exited;
  }

  return { name: spec.name, logFile, start, kill };
}

/** Ready once GET url answers 200. */
export const answers200 = (url: string) => async () =>
  (await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200;
