import { sql, type Kysely, type Transaction } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, PartnerUser } from '../db/schema.js';
import { newestFirstPage } from '../db/newest-first-page.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface PartnerUserFilters {
  email?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

export interface NewPartnerUser {
  id: string;
  externalId: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  metadata?: Record<string, unknown>;
}

/** Inserts unless the external id exists; returns undefined when it did. */
export async function insertPartnerUser(db: Db, scope: PartnerScope, user: NewPartnerUser) {
  return db
    .insertInto('partner_users')
    .values({
      id: user.id,
      partner_id: scope.partnerId,
      environment: scope.environment,
      external_id: user.externalId,
      email: user.email?.toLowerCase() ?? null,
      first_name: user.firstName ?? null,
      last_name: user.lastName ?? null,
      metadata: JSON.stringify(user.metadata ?? {}),
    })
    .onConflict((oc) => oc.columns(['partner_id', 'environment', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findPartnerUser(
  db: Db,
  scope: PartnerScope,
  externalId: string,
): Promise<PartnerUser | undefined> {
  return db
    .selectFrom('partner_users')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function listPartnerUsers(
  db: Db,
  scope: PartnerScope,
  filters: PartnerUserFilters,
  limit: number,
  cursor?: string,
): Promise<PartnerUser[]> {
  return db
    .selectFrom('partner_users')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .$if(filters.email !== undefined, (q) => q.where('email', '=', filters.email!.toLowerCase()))
    .$if(filters.createdAfter !== undefined, (q) => q.where('created_at', '>=', filters.createdAfter!))
    .$if(filters.createdBefore !== undefined, (q) => q.where('created_at', '<', filters.createdBefore!))
    .$call((q) => newestFirstPage(q, limit, cursor))
    .execute();
}

export interface PartnerUserChanges {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** The whole metadata to store, already merged with what was stored. */
  metadata: Record<string, unknown>;
}

/** The user's row, locked until the transaction ends: a metadata merge is computed from what it replaces, two upgrades apply one after the other. */
export async function lockPartnerUser(
  trx: Transaction<Database>,
  scope: PartnerScope,
  externalId: string,
): Promise<PartnerUser | undefined> {
  return trx
    .selectFrom('partner_users')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('external_id', '=', externalId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updatePartnerUser(db: Db, userId: string, changes: PartnerUserChanges) {
  return db
    .updateTable('partner_users')
    .set({
      ...(changes.email !== undefined && { email: changes.email?.toLowerCase() ?? null }),
      ...(changes.firstName !== undefined && { first_name: changes.firstName }),
      ...(changes.lastName !== undefined && { last_name: changes.lastName }),
      metadata: JSON.stringify(changes.metadata),
      updated_at: sql`now()`,
    })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
