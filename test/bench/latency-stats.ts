export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Nearest-rank percentiles: every figure is a latency that was actually observed. */
export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (p: number) =>
    sorted.length === 0 ? 0 : round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!);
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}
