import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';

/** Everything activities touch is passed in, so tests can hand them a test database or fakes. */
export interface ActivityDependencies {
  db: Kysely<Database>;
}
