import { inject } from 'vitest';
import { builtEntryArgs } from './production-build.js';

/**
 * node's arguments that run a compiled entry point (`src/cli/ops.js` …) of the run's production
 * build: the same program as its `npm run` script, started with less than half the CPU tsx needs.
 */
export function runBuiltEntryArgs(entry: string): string[] {
  return builtEntryArgs(inject('productionAppDir'), entry);
}
