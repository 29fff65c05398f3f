import type { Kysely, Transaction } from 'kysely';
import type { Database, PortalUser } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertPortalUser(db: Db, user: Omit<PortalUser, 'created_at'>): Promise<PortalUser> {
  return db.insertInto('portal_users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function findPortalUserByEmail(db: Db, email: string): Promise<PortalUser | undefined> {
  return db.selectFrom('portal_users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findPortalUserById(db: Db, id: string): Promise<PortalUser | undefined> {
  return db.selectFrom('portal_users').selectAll().where('id', '=', id).executeTakeFirst();
}
