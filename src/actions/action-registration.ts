import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Action, Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { newId } from '../ids.js';
import { requestFingerprint } from './action-fingerprint.js';
import type { ActionRequest } from './action-types.js';

/** A request's action row, or why its idempotency key cannot be used for it. */
export type Registration = { action: Action } | { conflict: ApiError };

/**
 * The idempotency gate: each request gets the unique (partner, environment, key) row, written
 * before any workflow starts. A key already taken returns its row when the body's fingerprint
 * matches (a retry) and a conflict otherwise. Keys within one call must be distinct.
 */
export async function registerActions(
  db: Kysely<Database>,
  scope: PartnerScope,
  requests: ActionRequest[],
  requestId: string,
): Promise<Registration[]> {
  const fingerprints = requests.map(requestFingerprint);
  const rows = requests.map((request, index) => ({
    id: newId('act'),
    partner_id: scope.partnerId,
    environment: scope.environment,
    idempotency_key: request.idempotencyKey,
    request_fingerprint: fingerprints[index]!,
    action_type: request.actionType,
    amount: request.amount ?? null,
    currency: request.currency ?? null,
    campaign_id: request.campaignId ?? null,
    request,
    request_id: requestId,
  }));
  // One JSON parameter for the rows rather than a parameter per value: a bulk request writes 100.
  const { rows: inserted } = await sql<Action>`
    insert into actions (id, partner_id, environment, idempotency_key, request_fingerprint, action_type,
      amount, currency, campaign_id, request, status, request_id)
    select id, partner_id, environment, idempotency_key, request_fingerprint, action_type,
      amount, currency, campaign_id, request, 'PROCESSING', request_id
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(id text, partner_id text, environment text, idempotency_key text, request_fingerprint text,
        action_type text, amount numeric, currency text, campaign_id text, request jsonb, request_id text)
    on conflict (partner_id, environment, idempotency_key) do nothing
    returning *`.execute(db);
  const byKey = new Map(inserted.map((action) => [action.idempotency_key, action]));
  const existingKeys = requests.map((r) => r.idempotencyKey).filter((key) => !byKey.has(key));
  if (existingKeys.length > 0) {
    const existing = await db
      .selectFrom('actions')
      .selectAll()
      .where('partner_id', '=', scope.partnerId)
      .where('environment', '=', scope.environment)
      .where('idempotency_key', 'in', existingKeys)
      .execute();
    for (const action of existing) byKey.set(action.idempotency_key, action);
  }
  return requests.map((request, index) => {
    const action = byKey.get(request.idempotencyKey);
    if (!action) throw new Error(`action for idempotencyKey ${request.idempotencyKey} neither inserted nor found`);
    if (action.request_fingerprint === fingerprints[index]) return { action };
    return {
      conflict: new ApiError(
        'IDEMPOTENCY_KEY_REUSED',
        `idempotencyKey "${request.idempotencyKey}" was already used with a different request body`,
        {
          actionId: action.id,
        },
      ),
    };
  });
}
