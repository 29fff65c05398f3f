import type fc from 'fast-check';

/** Few runs inside `npm test`; `npm run test:model` and FC_RUNS ask for more. */
const defaultRuns = 15;

function integerFrom(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`${name} must be an integer, got "${value}"`);
  return Number(value);
}

export interface FastCheckSettings {
  parameters: fc.Parameters<unknown>;
  /** fc.commands' own hint: without it, a path through shrunk command lists does not replay. */
  replayPath?: string;
}

/**
 * Run settings from the environment. A failure prints `seed`, `path` and `replayPath`; set them as
 * FC_SEED, FC_PATH and FC_REPLAY_PATH to replay it exactly. FC_RUNS sets how many runs to make.
 */
export function fastCheckSettings(): FastCheckSettings {
  const seed = integerFrom('FC_SEED');
  const path = process.env.FC_PATH || undefined;
  const replayPath = process.env.FC_REPLAY_PATH || undefined;
  return {
    parameters: {
      numRuns: integerFrom('FC_RUNS') ?? defaultRuns,
      ...(seed !== undefined && { seed }),
      ...(path !== undefined && { path }),
    },
    ...(replayPath !== undefined && { replayPath }),
  };
}
