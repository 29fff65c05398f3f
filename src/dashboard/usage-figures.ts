/** Request counts as summed from api_usage_minutes. */
export interface UsageCounts {
  requests: number;
  errors: number;
  serverErrors: number;
  rateLimited: number;
  totalMs: number;
  maxMs: number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Minute buckets keep sums and maxima, so an exact percentile is not available; average and max are. */
export function usageFigures({ requests, errors, serverErrors, rateLimited, totalMs, maxMs }: UsageCounts) {
  return {
    requests,
    errors,
    serverErrors,
    rateLimited,
    errorRate: requests === 0 ? 0 : round(errors / requests, 4),
    averageMs: requests === 0 ? 0 : round(totalMs / requests, 1),
    maxMs: round(maxMs, 1),
  };
}

export function addUsage(rows: UsageCounts[]): UsageCounts {
  return rows.reduce(
    (sum, row) => ({
      requests: sum.requests + row.requests,
      errors: sum.errors + row.errors,
      serverErrors: sum.serverErrors + row.serverErrors,
      rateLimited: sum.rateLimited + row.rateLimited,
      totalMs: sum.totalMs + row.totalMs,
      maxMs: Math.max(sum.maxMs, row.maxMs),
    }),
    { requests: 0, errors: 0, serverErrors: 0, rateLimited: 0, totalMs: 0, maxMs: 0 },
  );
}
