import { sql, type Kysely } from 'kysely';
import type { Action, Database, Reversal } from '../db/schema.js';

/** What the redriveStaleRequests activity is asked and answers (the sweepStaleRequests workflow's contract). */
export interface RedriveStaleRequestsInput {
  olderThanSeconds: number;
  /** At most this many actions and this many reversals per run; the next run takes the rest. */
  batchSize: number;
}

export interface RedriveStaleRequestsResult {
  actions: number;
  reversals: number;
}

export interface StaleRequests {
  actions: Action[];
  reversals: Reversal[];
}

/**
 * Actions and reversals still PROCESSING after `olderThanSeconds`: their workflow never started
 * (a crash between the row's commit and the start) or is still running. Oldest first, a batch at a time.
 */
export async function findStaleRequests(
  db: Kysely<Database>,
  olderThanSeconds: number,
  limit: number,
): Promise<StaleRequests> {
  const cutoff = sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`;
  const [actions, reversals] = await Promise.all([
    db
      .selectFrom('actions')
      .selectAll()
      .where('status', '=', 'PROCESSING')
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(limit)
      .execute(),
    db
      .selectFrom('reversals')
      .selectAll()
      .where('status', '=', 'PROCESSING')
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(limit)
      .execute(),
  ]);
  return { actions, reversals };
}
