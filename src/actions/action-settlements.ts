import { sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.js';
import type { ActionResult } from './action-types.js';

/**
 * The ledger announces each action it settles on this PostgreSQL channel, in the transaction that
 * settles it: PostgreSQL delivers a notification only if, and when, that transaction commits. A
 * submit waiting on its action can then answer from the commit, without waiting for the workflow
 * to record its result and for Temporal to hand it back.
 */
export const actionSettledChannel = 'action_settled';

// "<actionId> <result as JSON>": a listener skips results nobody waits for without parsing them.
const payloadOf = (result: ActionResult) => `${result.actionId} ${JSON.stringify(result)}`;

/** Called inside the settling transaction; one statement for the whole batch. */
export async function notifyActionsSettled(trx: Transaction<Database>, results: ActionResult[]): Promise<void> {
  if (results.length === 0) return;
  await sql`select pg_notify(${actionSettledChannel}, payload) from unnest(${results.map(payloadOf)}::text[]) as payload`.execute(trx);
}

export interface Settlement {
  /** Resolves with the committed result; stays pending if the notification never comes. */
  result: Promise<ActionResult>;
  /** Stops waiting (the caller answered another way). */
  cancel(): void;
}

export interface ActionSettlementListener {
  /** Wait for an action's settlement; ask before starting its workflow, so the commit cannot come first. */
  waitFor(actionId: string): Settlement;
  close(): Promise<void>;
}

export interface ListenerOptions {
  connectionString: string;
  /** Connection faults: while the listener is down, submits wait for the workflow's result instead. */
  onError: (error: Error) => void;
}

/**
 * One connection LISTENing for settlements, opened at once. When it drops, the next wait
 * reconnects; until then waits resolve only through the workflow's result, which the submit races
 * against this.
 */
export function createActionSettlementListener({ connectionString, onError }: ListenerOptions): ActionSettlementListener {
  const waiters = new Map<string, Set<(result: ActionResult) => void>>();
  let connection: Promise<pg.Client> | undefined;
  let closed = false;

  function deliver(payload: string | undefined) {
    if (!payload) return;
    const space = payload.indexOf(' ');
    const waiting = waiters.get(payload.slice(0, space));
    if (!waiting) return;
    const result = JSON.parse(payload.slice(space + 1)) as ActionResult;
    waiters.delete(result.actionId);
    for (const resolve of waiting) resolve(result);
  }

  function listen(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString });
    let down = false;
    // An error and the end that follows it are one drop.
    const dropped = (error: Error) => {
      if (down) return;
      down = true;
      if (connection === attempt) connection = undefined;
      if (!closed) onError(error);
    };
    client.on('notification', (message) => deliver(message.payload));
    client.on('error', dropped);
    client.on('end', () => dropped(new Error('the settlement listener\'s connection ended')));
    const attempt = client
      .connect()
      .then(() => client.query(`LISTEN ${actionSettledChannel}`))
      .then(() => client);
    attempt.catch((error: Error) => {
      void client.end().catch(() => {});
      dropped(error);
    });
    return attempt;
  }

  connection = listen();
  return {
    waitFor(actionId) {
      if (!closed && connection === undefined) connection = listen();
      let resolver!: (result: ActionResult) => void;
      const result = new Promise<ActionResult>((resolve) => (resolver = resolve));
      const waiting = waiters.get(actionId) ?? new Set();
      waiting.add(resolver);
      waiters.set(actionId, waiting);
      return {
        result,
        cancel() {
          waiting.delete(resolver);
          if (waiting.size === 0 && waiters.get(actionId) === waiting) waiters.delete(actionId);
        },
      };
    },

    async close() {
      closed = true;
      waiters.clear();
      const client = await connection?.catch(() => undefined);
      await client?.end().catch(() => {});
    },
  };
}
