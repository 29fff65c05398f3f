// `npm test`: the type check runs beside vitest rather than before it, so neither waits for the
// other; the run fails if either fails. Extra arguments go to vitest.
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

const [typecheck, tests] = await Promise.all([
  run('tsc', ['--noEmit'], { quiet: true }),
  run('vitest', ['run', ...process.argv.slice(2)], { quiet: false }),
]);

if (typecheck.code !== 0) {
  process.stderr.write(`\ntsc --noEmit failed:\n${typecheck.output}`);
} else {
  console.log('tsc --noEmit: no type errors');
}
process.exit(typecheck.code !== 0 ? typecheck.code : tests.code);
