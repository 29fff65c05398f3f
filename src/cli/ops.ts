import { runOpsProgram } from './ops-program.js';
import { runCli } from './run-cli.js';

/** `npm run ops -- <command>`: operator commands (see ops-commands.ts for the list). */
runCli(async () => {
  process.exitCode = await runOpsProgram(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
});
