// `npm test`: the type check and the dependency check (npm run deps) run beside vitest rather than
// before it, so none waits for another; the run fails if any fails. Extra arguments go to vitest.
import { spawn } from 'node:child_process';

function run(command, args, { quiet }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, output }));
  });
}

const [typecheck, dependencies, tests] = await Promise.all([
  run('tsc', ['--noEmit'], { quiet: true }),
  run('node', ['scripts/check-dependencies.mjs'], { quiet: true }),
  run('vitest', ['run', ...process.argv.slice(2)], { quiet: false }),
]);

if (typecheck.code !== 0) {
  process.stderr.write(`\ntsc --noEmit failed:\n${typecheck.output}`);
} else {
  console.log('tsc --noEmit: no type errors');
}
if (dependencies.code !== 0) {
  process.stderr.write(`\nnpm run deps failed (docs/architecture/overview.md, "Which way imports point"):\n${dependencies.output}`);
} else {
  console.log('npm run deps: imports point one way, no cycles');
}
process.exit([typecheck.code, dependencies.code, tests.code].find((code) => code !== 0) ?? 0);
