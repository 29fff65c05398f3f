// `npm run build [-- <outDir>]`: compiles the server (src/, workflows/, activities/) to JavaScript
// in <outDir> (default dist/), then writes <outDir>/workflow-bundle.js with the compiled bundler
// entry, so a production image runs `node` on plain JavaScript with production dependencies only.
// The out dir is an argument so a test can build beside a running checkout without touching dist/.
// `--no-check` emits without type checking (half the CPU): for the test, whose run type-checks anyway.
import { spawnSync } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const outDir = resolve(args.find((arg) => !arg.startsWith('--')) ?? 'dist');
const typeCheck = !args.includes('--no-check');

function run(command, args) {
  const { status, error } = spawnSync(command, args, { stdio: 'inherit' });
  if (error) throw error;
  if (status !== 0) process.exit(status ?? 1);
}

// Only what this build writes: a file deleted from src/ must not live on in the output.
await Promise.all(
  ['src', 'workflows', 'activities', 'workflow-bundle.js'].map((entry) =>
    rm(join(outDir, entry), { recursive: true, force: true }),
  ),
);
run(process.execPath, [
  'node_modules/typescript/bin/tsc',
  '-p',
  'tsconfig.build.json',
  '--outDir',
  outDir,
  ...(typeCheck ? [] : ['--noCheck']),
]);
// The docs page's browser script, style and icon are served as they are; tsc emits only what it compiles.
await cp('src/api/docs-page', join(outDir, 'src/api/docs-page'), {
  recursive: true,
  filter: (source) => !source.endsWith('.ts'),
});
run(process.execPath, [join(outDir, 'src/cli/bundle-workflows.js'), join(outDir, 'workflow-bundle.js')]);
