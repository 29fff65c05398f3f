import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { circuitView } from '../endpoints/circuit-view.js';
import { redactedUrl } from '../redacted-url.js';
import { findEndpointForSupport } from './endpoint-support.js';

/** What an operator reads of one endpoint's delivery state: enabled or why not, its circuit, its backlog. */
export async function endpointStateLines(db: Kysely<Database>, webhookId: string): Promise<string[]> {
  const endpoint = await findEndpointForSupport(db, webhookId);
  const open = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => [eb.fn.countAll<string>().as('open'), eb.fn.count<string>('parked_at').as('parked')])
    .where('endpoint_id', '=', webhookId)
    .where('status', 'in', ['PENDING', 'RETRYING'])
    .executeTakeFirstOrThrow();
  const circuit = circuitView(endpoint);
  const enabled = endpoint.is_active
    ? 'enabled'
    : `disabled since ${endpoint.disabled_at?.toISOString() ?? '?'}: "${endpoint.disabled_reason ?? ''}"`;
  return [
    `endpoint ${endpoint.id} (${redactedUrl(endpoint.url)}) of ${endpoint.partner_id}/${endpoint.environment}: ${enabled}`,
    circuit.state === 'open'
      ? `circuit open since ${circuit.openedAt}; next probe ${circuit.nextProbeAt ?? 'when a delivery takes the probe over'}`
      : 'circuit closed',
    `failing since ${circuit.failingSince ?? '-'}; ${circuit.failedAttemptsInRow} failed attempts and ${endpoint.consecutive_failures} failed deliveries in a row`,
    `open deliveries: ${open.open} (${open.parked} parked)`,
  ];
}
