import { sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.js';
import { randomToken } from '../ids.js';

/**
 * The ledger announces each action, reversal and redemption it settles on this PostgreSQL
 * channel, in the transaction that settles it: PostgreSQL delivers a notification only if, and
 * when, that transaction commits. A request waiting on its settlement can then answer from the
 * commit, without waiting for the workflow to record its result and for Temporal to hand it back.
 * Ids carry their kind's prefix (act_, rev_, rdm_), so one channel serves every kind.
 */
export const settledChannel = 'ledger_settled';

/** How the listening connection shows in pg_stat_activity. */
export const listenerApplicationName = 'sir-settlement-listener';

/** What was settled: its public id and its final result as the API answers it. */
export interface Settled {
  id: string;
  result: unknown;
}

// "<id> <result as JSON>": a listener skips results nobody waits for without parsing them.
const payloadOf = ({ id, result }: Settled) => `${id} ${JSON.stringify(result)}`;

/** Called inside the settling transaction; one statement for the whole batch. */
export async function notifySettled(trx: Transaction<Database>, settled: Settled[]): Promise<void> {
  if (settled.length === 0) return;
  await sql`select pg_notify(${settledChannel}, payload) from unnest(${settled.map(payloadOf)}::text[]) as payload`.execute(
    trx,
  );
}

export interface Settlement<T> {
  /** Resolves with the committed result; stays pending if the notification never comes. */
  result: Promise<T>;
  /**
   * Resolves when the notification may be missed: the listener was not listening as the wait
   * began, or its connection dropped since. Until then every commit after the wait began is heard.
   */
  unheard: Promise<void>;
  /** Stops waiting (the caller answered another way). */
  cancel(): void;
}

export interface SettlementListener {
  /** Wait for a settlement; ask before starting its workflow, so the commit cannot come first. */
  waitFor<T>(id: string): Settlement<T>;
  close(): Promise<void>;
}

export interface ListenerOptions {
  connectionString: string;
  /** Connection faults: while the listener is down, requests wait for the workflow's result instead. */
  onError: (error: Error) => void;
}

/**
 * One connection LISTENing for settlements, opened at once. When it drops, the next wait
 * reconnects; until then waits resolve only through the workflow's result, which the caller
 * races against this (answerFromCommit). It counts as listening once it hears its own probe
 * notification: LISTEN through a pooler in transaction mode succeeds but hears nothing.
 */
export function createSettlementListener({ connectionString, onError }: ListenerOptions): SettlementListener {
  interface Waiter {
    resolve(result: unknown): void;
    unheard(): void;
  }
  const waiters = new Map<string, Set<Waiter>>();
  let connection: Promise<pg.Client> | undefined;
  let listening = false;
  let closed = false;
  // Ids carry a kind's prefix and a space before the result, so no settlement reads as this probe.
  const probe = `probe:${randomToken(20)}`;

  function deliver(payload: string | undefined) {
    if (!payload) return;
    if (payload === probe) {
      if (connection !== undefined) listening = true;
      return;
    }
    const space = payload.indexOf(' ');
    const id = payload.slice(0, space);
    const waiting = waiters.get(id);
    if (!waiting) return;
    const result: unknown = JSON.parse(payload.slice(space + 1));
    waiters.delete(id);
    for (const waiter of waiting) waiter.resolve(result);
  }

  function listen(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString, application_name: listenerApplicationName });
    let down = false;
    // An error and the end that follows it are one drop.
    const dropped = (error: Error) => {
      if (down) return;
      down = true;
      if (connection === attempt) {
        connection = undefined;
        listening = false;
        // Notifications sent while no connection listens are lost: each wait in progress may miss its own.
        for (const waiting of waiters.values()) for (const waiter of waiting) waiter.unheard();
      }
      if (!closed) onError(error);
    };
    client.on('notification', (message) => deliver(message.payload));
    client.on('error', dropped);
    client.on('end', () => dropped(new Error("the settlement listener's connection ended")));
    const attempt = client
      .connect()
      .then(() => client.query(`LISTEN ${settledChannel}`))
      .then(() => client.query('select pg_notify($1, $2)', [settledChannel, probe]))
      .then(() => client);
    attempt.catch((error: Error) => {
      void client.end().catch(() => {});
      dropped(error);
    });
    return attempt;
  }

  connection = listen();
  return {
    waitFor<T>(id: string): Settlement<T> {
      if (!closed && connection === undefined) connection = listen();
      let resolver!: (result: unknown) => void;
      let unheardResolver!: () => void;
      const result = new Promise<T>((resolve) => (resolver = resolve as (result: unknown) => void));
      const unheard = new Promise<void>((resolve) => (unheardResolver = resolve));
      if (!listening) unheardResolver();
      const waiter: Waiter = { resolve: resolver, unheard: unheardResolver };
      const waiting = waiters.get(id) ?? new Set();
      waiting.add(waiter);
      waiters.set(id, waiting);
      return {
        result,
        unheard,
        cancel() {
          waiting.delete(waiter);
          if (waiting.size === 0 && waiters.get(id) === waiting) waiters.delete(id);
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
