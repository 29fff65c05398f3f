import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * node's arguments that run a compiled entry point (`src/cli/ops.js` …) of the run's production
 * build: the same program as its `npm run` script, started in a second instead of three through tsx.
 */
export function builtEntryArgs(entry: string): string[] {
  return ['--enable-source-maps', join(inject('productionAppDir'), 'dist', entry)];
}
