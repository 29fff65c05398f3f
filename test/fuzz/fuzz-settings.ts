/** A few hundred cases inside `npm test`; FUZZ_RUNS asks for more and FUZZ_SEED replays a run. */
export function fuzzSettings(routeCount: number): { numRunsPerRoute: number; seed?: number } {
  const total = Number(process.env.FUZZ_RUNS ?? 900);
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  return { numRunsPerRoute: Math.max(1, Math.ceil(total / routeCount)), ...(seed !== undefined && { seed }) };
}
