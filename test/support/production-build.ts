import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/**
 * Lays out appDir like the image's /app: package.json, a node_modules that holds only the
 * production dependencies (links into this checkout's), and dist/ from `npm run build`. A compiled
 * module that imports a devDependency fails here as it would in the image.
 */
export async function buildProductionApp(appDir: string): Promise<string> {
  await mkdir(appDir, { recursive: true });
  await copyFile(join(repoRoot, 'package.json'), join(appDir, 'package.json'));
  const { dependencies } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(dependencies)) {
    const link = join(appDir, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(repoRoot, 'node_modules', name), link, 'dir');
  }
  // npm test type-checks the same sources beside the run; `npm run build` is this script.
  await run(process.execPath, ['scripts/build.mjs', join(appDir, 'dist'), '--no-check'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  return appDir;
}

export interface BuiltProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far, for failure messages. */
  output(): string;
  /** Resolves once a line of its output matches; rejects if it exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Its exit code (or signal) once it has exited. */
  exited: Promise<number | NodeJS.Signals>;
}

/** node's arguments that run a compiled entry point (`src/cli/api.js` …) of the build in appDir. */
export function builtEntryArgs(appDir: string, entry: string): string[] {
  return ['--enable-source-maps', join(appDir, 'dist', entry)];
}

/** `node <appDir>/dist/<entry>` with only the environment given, as a container runs it. */
export function spawnBuilt(appDir: string, entry: string, args: string[], env: Record<string, string>): BuiltProcess {
  const child = spawn(process.execPath, [...builtEntryArgs(appDir, entry), ...args], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    listeners.forEach((listener) => listener());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'SIGKILL')),
  );
  return {
    child,
    output: () => output,
    exited,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const done = (error?: Error) => {
          listeners.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = () => output.split('\n').some((line) => pattern.test(line)) && done();
        const timer = setTimeout(
          () => done(new Error(`${entry}: no line matching ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        void exited.then((code) => done(new Error(`${entry} exited (${code}) before ${pattern}:\n${output}`)));
        listeners.add(check);
        check();
      });
    },
  };
}
