import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runOpsProgram } from '../../src/cli/ops-program.js';
import { runBuiltEntryArgs } from './built-entry.js';

export interface OpsRun {
  stdout: string;
  stderr: string;
  code: number;
}

export interface OpsTarget {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
}

const envOf = (target: OpsTarget) => ({
  ...process.env,
  DATABASE_URL: target.databaseUrl,
  TEMPORAL_ADDRESS: target.temporalAddress,
  TEMPORAL_NAMESPACE: target.temporalNamespace,
  LOG_LEVEL: 'silent',
});

/** The ops CLI's program run in this process, as `npm run ops -- …` runs it; a refusal is an exit code, not a throw. */
export function opsCli(target: () => OpsTarget) {
  return async (...args: string[]): Promise<OpsRun> => {
    const [out, err]: [string[], string[]] = [[], []];
    const code = await runOpsProgram(args, {
      env: envOf(target()),
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    const text = (lines: string[]) => lines.map((line) => `${line}\n`).join('');
    return { stdout: text(out), stderr: text(err), code };
  };
}

const run = promisify(execFile);

/** The ops CLI as a separate process, entry point included (one smoke test; the rest run in-process). */
export function spawnedOpsCli(target: OpsTarget, ...args: string[]): Promise<OpsRun> {
  return run(process.execPath, [...runBuiltEntryArgs('src/cli/ops.js'), ...args], { env: envOf(target) }).then(
    (done) => ({ ...done, code: 0 }),
    (error: OpsRun) => error,
  );
}
