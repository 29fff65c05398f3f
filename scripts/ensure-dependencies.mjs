// Runs before `npm run dev` and `npm test` (their pre-scripts): installs the locked dependencies
// when node_modules is missing or older than package-lock.json, so a fresh clone needs no other
// command first. Dependency-free on purpose: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

const modifiedAt = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;

const locked = modifiedAt('package-lock.json');
// npm writes this hidden lockfile at the end of every install.
const installed = modifiedAt('node_modules/.package-lock.json');

if (installed === undefined || (locked !== undefined && installed < locked)) {
  console.log(
    installed === undefined
      ? 'node_modules is missing: npm ci'
      : 'package-lock.json is newer than node_modules: npm ci',
  );
  const { status, error } = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (error) throw error;
  process.exit(status ?? 1);
}
