import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../src/db/schema.js';

/** Takes a lock in a transaction of its own and keeps it until the returned function commits it. */
export async function holdLock(
  db: Kysely<Database>,
  lock: (trx: Transaction<Database>) => Promise<unknown>,
): Promise<() => Promise<void>> {
  let held!: () => void;
  let release!: () => void;
  const acquired = new Promise<void>((resolve) => (held = resolve));
  const open = db.transaction().execute(async (trx) => {
    await lock(trx);
    held();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await Promise.race([acquired, open]);
  return async () => {
    release();
    await open;
  };
}

/** Statements of other sessions waiting for a lock whose text contains `fragment`. */
export async function waitingForLock(db: Kysely<Database>, fragment: string): Promise<string[]> {
  const { rows } = await sql<{ query: string }>`
    select query from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid() and strpos(query, ${fragment}) > 0`.execute(
    db,
  );
  return rows.map((row) => row.query);
}
