import { ConfigError } from '../config.js';

/** Runs a command's main; configuration errors print as plain messages, anything else with its stack. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
