// `npm run build [-- <outDir>]`: compiles the server (src/, workflows/, activities/) to JavaScript
// in <outDir> (default dist/), then writes <outDir>/workflow-bundle.js with the compiled bundler
// entry, so a production image runs `node` on plain JavaScript with production dependencies only.
// The out dir is an argument so a test can build beside a running checkout without touching dist/.
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const outDir = resolve(process.argv[2] ?? 'dist');

function run(command, args) {
  const { status, error } = spawnSync(command, args, { stdio: 'inherit' });
  if (error) throw error;
  if (status !== 0) process.exit(status ?? 1);
}

// Only what this build writes: a file deleted from src/ must not live on in the output.
await Promise.all(['src', 'workflows', 'activities', 'workflow-bundle.js'].map((entry) => rm(join(outDir, entry), { recursive: true, force: true })));
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', outDir]);
run(process.execPath, [join(outDir, 'src/cli/bundle-workflows.js'), join(outDir, 'workflow-bundle.js')]);
