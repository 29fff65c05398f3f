import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Temporal namespace of one test file on the run's shared dev server: its path without the
 * test/ prefix and suffix, e.g. `integration-actions-api`. Every file has its own, so no workflow
 * or task queue of one file is ever seen by another file's workers.
 */
export function namespaceOfTestFile(testFile: string): string {
  const path = relative(repoRoot, testFile).replaceAll('\\', '/');
  return path
    .replace(/^test\//, '')
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-zA-Z0-9-]+/g, '-');
}

/** The namespace of the test file running now. */
export function currentTestNamespace(): string {
  const testPath = expect.getState().testPath;
  if (!testPath) throw new Error('no test file is running');
  return namespaceOfTestFile(testPath);
}
