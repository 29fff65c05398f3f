import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Partner, PartnerStatus } from '../db/schema.js';
import { newId, randomToken } from '../ids.js';
import { slugify } from './partner-slug.js';

export interface CreatePartnerInput {
  name: string;
  status: PartnerStatus;
  contactEmail?: string | null;
  features?: string[];
  rateLimitPerMinute?: number;
}

export const defaultRateLimitPerMinute = 600;

/** Creates a partner with a unique slug; a taken slug gets a short random suffix. */
export async function createPartner(
  db: Kysely<Database> | Transaction<Database>,
  input: CreatePartnerInput,
): Promise<Partner> {
  const base = slugify(input.name);
  for (const slug of [base, `${base}-${randomToken(6)}`]) {
    const row = await db
      .insertInto('partners')
      .values({
        id: newId('ptn'),
        name: input.name,
        slug,
        status: input.status,
        contact_email: input.contactEmail ?? null,
        features: JSON.stringify(input.features ?? ['actions', 'webhooks', 'donations']),
        rate_limit_per_minute: input.rateLimitPerMinute ?? defaultRateLimitPerMinute,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return row;
  }
  throw new Error(`could not find a free slug for partner "${input.name}"`);
}

export async function setPartnerStatus(db: Kysely<Database>, partnerId: string, status: PartnerStatus) {
  return db
    .updateTable('partners')
    .set({ status, updated_at: sql`now()` })
    .where('id', '=', partnerId)
    .returningAll()
    .executeTakeFirst();
}
