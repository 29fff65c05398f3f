/** Copies of one Ctrl-C arrive together (the terminal, npm and tsx each pass it on). */
const duplicateWindowMs = 1000;

/**
 * Runs the given steps once, in order, on the first SIGINT or SIGTERM. A signal that arrives
 * well after the first is a person pressing Ctrl-C again, and forces an exit.
 */
export function onShutdown(steps: Array<() => Promise<unknown>>, log: (line: string) => void = console.log): void {
  let firstSignalAt: number | undefined;
  const handler = async (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt > duplicateWindowMs) process.exit(1);
      return;
    }
    firstSignalAt = Date.now();
    log(`\n${signal} received, stopping…`);
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        // Keep stopping the remaining pieces; one failure must not leave the others running.
        log(`shutdown step failed: ${String(error)}`);
      }
    }
    log('stopped.');
    process.exit(0);
  };
  // The handler catches each step's failure and ends the process itself.
  process.on('SIGINT', (signal) => void handler(signal));
  process.on('SIGTERM', (signal) => void handler(signal));
}
