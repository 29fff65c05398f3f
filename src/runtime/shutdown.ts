/** Runs the given steps once, in order, on the first SIGINT or SIGTERM; a second signal exits at once. */
export function onShutdown(steps: Array<() => Promise<unknown>>, log: (line: string) => void = console.log): void {
  let stopping = false;
  const handler = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`\n${signal} received, stopping…`);
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        // Keep stopping the remaining pieces; one failure must not leave the others running.
        log(`shutdown step failed: ${String(error)}`);
      }
    }
    process.exit(0);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
