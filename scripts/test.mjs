// `npm test`: the static checks run beside vitest rather than before it, so none waits for
// another; the run fails if any fails. Extra arguments go to vitest.
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

// Quiet while vitest prints; a check's output is shown only when it fails.
const checks = [
  // One TypeScript 7 program for the compiler's errors and the type-aware rules (.oxlintrc.json).
  {
    name: 'type check',
    command: 'oxlint',
    args: ['--type-aware', '--type-check'],
    passed: 'no type errors, no misused promises',
  },
  { name: 'eslint', command: 'eslint', args: ['.'], passed: 'no problems' },
  { name: 'biome format', command: 'biome', args: ['format', '.'], passed: 'formatted' },
  {
    name: 'dependency check',
    command: 'node',
    args: ['scripts/check-dependencies.mjs'],
    passed: 'imports point one way',
  },
];

const [tests, ...results] = await Promise.all([
  run('vitest', ['run', ...process.argv.slice(2)], { quiet: false }),
  ...checks.map(({ command, args }) => run(command, args, { quiet: true })),
]);

checks.forEach(({ name, passed }, index) => {
  const { code, output } = results[index];
  if (code !== 0) process.stderr.write(`\n${name} failed:\n${output}`);
  else console.log(`${name}: ${passed}`);
});
process.exit(results.find(({ code }) => code !== 0)?.code ?? tests.code);
