import { sql, type SelectQueryBuilder } from 'kysely';
import { decodeCursor } from '../pagination.js';

/**
 * One page of a list, newest first, keyed on (created_at, id) so inserts during paging neither
 * repeat nor skip rows; one row more than the limit tells toPage whether another page exists.
 */
export function newestFirstPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  limit: number,
  cursor: string | undefined,
): SelectQueryBuilder<DB, TB, O> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  return query
    .$if(after !== undefined, (q) => q.where(sql<boolean>`(created_at, id) < (${after!.createdAt}, ${after!.id})`))
    .orderBy(sql`created_at desc, id desc`)
    .limit(limit + 1);
}
