import type { WebhookEndpoint } from '../../db/schema.js';

export type CircuitColumns = Pick<
  WebhookEndpoint,
  'circuit_opened_at' | 'circuit_next_probe_at' | 'failing_since' | 'failed_attempts_in_row'
>;

/**
 * An endpoint's circuit as partners and operators see it: closed, or open since when, with the next
 * probe; and how long it has been failing, which the time-based disable rule counts.
 */
export function circuitView(endpoint: CircuitColumns) {
  return {
    state: endpoint.circuit_opened_at === null ? ('closed' as const) : ('open' as const),
    openedAt: endpoint.circuit_opened_at?.toISOString() ?? null,
    nextProbeAt: endpoint.circuit_next_probe_at?.toISOString() ?? null,
    failingSince: endpoint.failing_since?.toISOString() ?? null,
    failedAttemptsInRow: endpoint.failed_attempts_in_row,
  };
}
