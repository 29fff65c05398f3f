import { circuitView, type CircuitColumns } from '../endpoints/circuit-view.js';

/** One endpoint's figures over the window, as the health query returns them (null: no attempts). */
export interface EndpointCounts extends CircuitColumns {
  id: string;
  url: string;
  is_active: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  attempts: number | null;
  succeeded: number | null;
  responded: number | null;
  responded_ms: number | null;
  deliveries: number | null;
  failing: number | null;
}

export interface FailureRow {
  endpoint_id: string;
  delivery_id: string;
  event_type: string;
  attempt_number: number;
  response_status: number | null;
  error: string | null;
  created_at: Date;
}

interface Totals {
  attempts: number;
  succeeded: number;
  responded: number;
  respondedMs: number;
  deliveries: number;
  failing: number;
}

function totalsOf(row: EndpointCounts): Totals {
  return {
    attempts: row.attempts ?? 0,
    succeeded: row.succeeded ?? 0,
    responded: row.responded ?? 0,
    respondedMs: row.responded_ms ?? 0,
    deliveries: row.deliveries ?? 0,
    failing: row.failing ?? 0,
  };
}

/** Every figure is a sum, so the overall one is exact rather than an average of averages. */
function figures(t: Totals) {
  return {
    attempts: t.attempts,
    succeededAttempts: t.succeeded,
    failedAttempts: t.attempts - t.succeeded,
    successRate: t.attempts === 0 ? null : Math.round((t.succeeded / t.attempts) * 10_000) / 10_000,
    averageResponseTimeMs: t.responded === 0 ? null : Math.round(t.respondedMs / t.responded),
    deliveries: t.deliveries,
    failingDeliveries: t.failing,
  };
}

function failureView(failure: FailureRow) {
  return {
    webhookId: failure.endpoint_id,
    deliveryId: failure.delivery_id,
    eventType: failure.event_type,
    attemptNumber: failure.attempt_number,
    responseStatus: failure.response_status,
    error: failure.error,
    attemptedAt: failure.created_at.toISOString(),
  };
}

export function endpointHealthView(row: EndpointCounts, failures: FailureRow[]) {
  return {
    id: row.id,
    url: row.url,
    isActive: row.is_active,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    consecutiveFailures: row.consecutive_failures,
    circuit: circuitView(row),
    ...figures(totalsOf(row)),
    recentFailures: failures.map(failureView),
  };
}

export function overallHealth(rows: EndpointCounts[], failures: FailureRow[]) {
  const sum = rows.map(totalsOf).reduce(
    (a, b) => ({
      attempts: a.attempts + b.attempts,
      succeeded: a.succeeded + b.succeeded,
      responded: a.responded + b.responded,
      respondedMs: a.respondedMs + b.respondedMs,
      deliveries: a.deliveries + b.deliveries,
      failing: a.failing + b.failing,
    }),
    { attempts: 0, succeeded: 0, responded: 0, respondedMs: 0, deliveries: 0, failing: 0 },
  );
  return { ...figures(sum), recentFailures: failures.map(failureView) };
}
