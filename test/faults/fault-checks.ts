import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { checkLedgerInvariants } from '../../src/ledger/ledger-invariants.js';
import { eventually } from '../support/delivery-waits.js';
import { stakeholdersPerAction } from './action-load.js';
import type { FaultReceiver } from './fault-receiver.js';

/** Long enough for a timed-out activity, a stale-request sweep (31 s age, 10 s interval) and a dispatch sweep. */
export const recoveryTimeoutMs = 120_000;

export interface SettledAction {
  id: string;
  key: string;
  status: string;
  tokensDistributed: number;
  rewardTransactions: number;
  rewardedTokens: number;
}

/** Waits until no action under the prefix is PROCESSING, then returns every one with its reward transactions. */
export async function settledActions(db: Kysely<Database>, prefix: string): Promise<SettledAction[]> {
  const rows = () =>
    db
      .selectFrom('actions as a')
      .leftJoin('ledger_transactions as t', (join) =>
        join.onRef('t.action_id', '=', 'a.id').on('t.kind', '=', 'reward'),
      )
      .select(['a.id', 'a.idempotency_key as key', 'a.status', 'a.tokens_distributed as tokensDistributed'])
      .select((eb) => [
        eb.fn.count<string>('t.id').as('rewardTransactions'),
        sql<string>`coalesce(sum(t.tokens), 0)`.as('rewardedTokens'),
      ])
      .where('a.idempotency_key', 'like', `${prefix}\\_%`)
      .groupBy('a.id')
      .execute();
  const settled = await eventually(
    async () => {
      const current = await rows();
      return current.some((row) => row.status === 'PROCESSING') ? undefined : current;
    },
    `every ${prefix} action to leave PROCESSING`,
    recoveryTimeoutMs,
  );
  return settled.map((row) => ({
    ...row,
    rewardTransactions: Number(row.rewardTransactions),
    rewardedTokens: Number(row.rewardedTokens),
  }));
}

/** Every accepted key has one action in a final state, rewarded once per stakeholder or not at all. */
export function expectEachSettledOnce(accepted: string[], settled: SettledAction[]) {
  expect(accepted.length).toBeGreaterThan(0);
  const byKey = new Map(settled.map((action) => [action.key, action]));
  for (const key of accepted) {
    const action = byKey.get(key);
    expect(action, `accepted action ${key} has no row`).toBeDefined();
    expect(['COMPLETED', 'FAILED'], `${key} ended ${action!.status}`).toContain(action!.status);
    const expectedTransactions = action!.status === 'COMPLETED' ? stakeholdersPerAction : 0;
    expect(action!.rewardTransactions, `${key} (${action!.status}) reward transactions`).toBe(expectedTransactions);
    expect(action!.rewardedTokens, `${key} tokens rewarded vs distributed`).toBe(action!.tokensDistributed);
  }
}

export async function expectLedgerInvariants(db: Kysely<Database>) {
  expect(await checkLedgerInvariants(db)).toEqual([]);
}

/**
 * Each completed action has one action.completed event, its delivery to the endpoint ends DELIVERED,
 * and the receiver accepted that very event id, under that delivery's id.
 */
export async function expectEventsDelivered(
  db: Kysely<Database>,
  receiver: FaultReceiver,
  endpointId: string,
  settled: SettledAction[],
) {
  const completed = settled.filter((action) => action.status === 'COMPLETED').map((action) => action.id);
  expect(completed.length).toBeGreaterThan(0);
  const deliveries = await eventually(
    async () => {
      const rows = await db
        .selectFrom('events as e')
        .leftJoin('webhook_deliveries as d', (join) =>
          join.onRef('d.event_id', '=', 'e.id').on('d.endpoint_id', '=', endpointId),
        )
        .select(['e.id as eventId', sql<string>`e.data->>'actionId'`.as('actionId'), 'd.id as deliveryId', 'd.status'])
        .where('e.type', '=', 'action.completed')
        .where(sql<boolean>`e.data->>'actionId' in (${sql.join(completed)})`)
        .execute();
      const done = rows.length >= completed.length && rows.every((row) => row.status === 'DELIVERED');
      return done ? rows : undefined;
    },
    'every action.completed delivery to be DELIVERED',
    recoveryTimeoutMs,
  );
  // One event per action: a replayed activity must not record a second one with another id.
  expect(deliveries.map((row) => row.actionId).sort()).toEqual([...completed].sort());
  const accepted = receiver.acceptedEventIds();
  for (const delivery of deliveries) {
    expect(accepted.has(delivery.eventId), `receiver never accepted ${delivery.eventId}`).toBe(true);
    const requests = receiver.received.filter((request) => request.eventId === delivery.eventId);
    expect(new Set(requests.map((request) => request.deliveryId))).toEqual(new Set([delivery.deliveryId]));
  }
}

/** The attempts made so far to deliver the prefix's actions' events to the endpoint. */
export function attemptsFor(db: Kysely<Database>, endpointId: string, prefix: string) {
  return db
    .selectFrom('webhook_attempts as at')
    .innerJoin('webhook_deliveries as d', 'd.id', 'at.delivery_id')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .innerJoin('actions as a', (join) => join.on(sql<boolean>`a.id = e.data->>'actionId'`))
    .select([
      'd.id as deliveryId',
      'd.status',
      'at.attempt_number as attempt',
      'at.response_status as responseStatus',
      'at.error',
      'at.succeeded',
    ])
    .where('d.endpoint_id', '=', endpointId)
    .where('a.idempotency_key', 'like', `${prefix}\\_%`)
    .orderBy('at.id')
    .execute();
}
