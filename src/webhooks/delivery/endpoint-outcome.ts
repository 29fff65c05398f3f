import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WebhookSettings } from '../webhook-settings.js';
import type { AttemptOutcome } from './classify-response.js';
import { disableEndpoint, type DisableCause } from './disable-endpoint.js';

export type CircuitSettings = Pick<WebhookSettings, 'circuitOpenAfterFailures' | 'disableAfterFailingHours'>;

export interface EndpointOutcome {
  /** The endpoint was disabled by this attempt: its deliveries must be cancelled and the notice sent. */
  disabledNow: boolean;
  /** This success ended a failure streak: parked deliveries, if any, must be woken. */
  recovered: boolean;
}

export interface AttemptOnEndpoint {
  endpointId: string;
  deliveryId: string;
  outcome: AttemptOutcome;
  /** The attempt's time on Temporal's clock (see AttemptRecord.scheduledAt). */
  at: Date;
  /** When this delivery attempts again; the next probe when it is the endpoint's probe. */
  nextAttemptAt: Date | null;
}

/**
 * What one attempt does to its endpoint, in the attempt's transaction: a success closes the
 * circuit and clears every streak; a failure extends the streak, opens the circuit at the
 * threshold (this delivery becomes the probe), and disables the endpoint on a 410 or once it has
 * failed for the configured time without a single success.
 */
export async function recordEndpointOutcome(
  trx: Transaction<Database>,
  settings: CircuitSettings,
  attempt: AttemptOnEndpoint,
): Promise<EndpointOutcome> {
  const endpoints = trx.updateTable('webhook_endpoints').where('id', '=', attempt.endpointId);
  if (attempt.outcome.kind === 'delivered') {
    const cleared = await endpoints
      .set({
        consecutive_failures: 0,
        failed_attempts_in_row: 0,
        failing_since: null,
        circuit_opened_at: null,
        circuit_probe_delivery_id: null,
        circuit_next_probe_at: null,
      })
      .where((eb) =>
        eb.or([
          eb('consecutive_failures', '>', 0),
          eb('failed_attempts_in_row', '>', 0),
          eb('circuit_opened_at', 'is not', null),
        ]),
      )
      .returning('id')
      .executeTakeFirst();
    return { disabledNow: false, recovered: cleared !== undefined };
  }
  const gone = attempt.outcome.kind === 'gone';
  const endpoint = await endpoints
    .set({
      failed_attempts_in_row: sql`failed_attempts_in_row + 1`,
      failing_since: sql`coalesce(failing_since, ${attempt.at})`,
      ...(gone ? { consecutive_failures: sql`consecutive_failures + 1` } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const failingSince = endpoint.failing_since ?? attempt.at;
  const cause: DisableCause | undefined = gone
    ? { rule: 'gone', reason: attempt.outcome.error, since: attempt.at }
    : attempt.at.getTime() - failingSince.getTime() >= settings.disableAfterFailingHours * 3600_000
      ? {
          rule: 'failing_for',
          reason: `disabled after failing for ${settings.disableAfterFailingHours} hours without a successful attempt`,
          since: failingSince,
        }
      : undefined;
  if (cause) return { disabledNow: await disableEndpoint(trx, endpoint, cause, attempt.at), recovered: false };
  if (endpoint.circuit_opened_at === null && endpoint.failed_attempts_in_row >= settings.circuitOpenAfterFailures) {
    await endpoints
      .set({
        circuit_opened_at: attempt.at,
        circuit_probe_delivery_id: attempt.deliveryId,
        circuit_next_probe_at: attempt.nextAttemptAt,
      })
      .execute();
  } else if (endpoint.circuit_probe_delivery_id === attempt.deliveryId) {
    await endpoints.set({ circuit_next_probe_at: attempt.nextAttemptAt }).execute();
  }
  return { disabledNow: false, recovered: false };
}
