import { sql } from 'kysely';

/**
 * An endpoint that receives events: active and not deleted. The dispatcher matches events to these
 * endpoints, and an event is written already dispatched when its partner's environment has none,
 * so both read this one rule.
 */
export function isReceiving(endpoints: string) {
  const column = (name: string) => sql.ref(`${endpoints}.${name}`);
  return sql<boolean>`${column('is_active')} and ${column('deleted_at')} is null`;
}
