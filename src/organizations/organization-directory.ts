import type { Kysely } from 'kysely';
import type { Database, Organization } from '../db/schema.js';

/** An active nonprofit by its public slug, or undefined when there is none. */
export async function findActiveOrganization(db: Kysely<Database>, slug: string): Promise<Organization | undefined> {
  return db
    .selectFrom('organizations')
    .selectAll()
    .where('slug', '=', slug)
    .where('is_active', '=', true)
    .executeTakeFirst();
}
