import { sql, type Insertable, type Kysely, type Transaction, type UpdateObject } from 'kysely';
import type { PartnerScope } from '../../partner-scope.js';
import type { Database, WebhookEndpoint, WebhookEndpointsTable } from '../../db/schema.js';
import { newestFirstPage } from '../../db/newest-first-page.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertEndpoint(db: Db, row: Insertable<WebhookEndpointsTable>): Promise<WebhookEndpoint> {
  return db.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Deleted endpoints are gone for the partner: every lookup below skips them. */
function scoped(db: Db, scope: PartnerScope) {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('deleted_at', 'is', null);
}

export async function findEndpoint(db: Db, scope: PartnerScope, id: string, options: { forUpdate?: boolean } = {}) {
  return scoped(db, scope)
    .where('id', '=', id)
    .$if(options.forUpdate === true, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function listEndpoints(
  db: Db,
  scope: PartnerScope,
  limit: number,
  cursor?: string,
): Promise<WebhookEndpoint[]> {
  return scoped(db, scope)
    .$call((q) => newestFirstPage(q, limit, cursor))
    .execute();
}

export async function updateEndpoint(
  db: Db,
  scope: PartnerScope,
  id: string,
  changes: UpdateObject<Database, 'webhook_endpoints'>,
): Promise<WebhookEndpoint | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('partner_id', '=', scope.partnerId)
    .where('environment', '=', scope.environment)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Keeps the current secret as the previous one in the same statement, so no rotation is lost. */
export async function rotateEndpointSecret(
  db: Db,
  scope: PartnerScope,
  id: string,
  rotation: { secretEncrypted: string; previousExpiresAt: Date },
): Promise<WebhookEndpoint | undefined> {
  return updateEndpoint(db, scope, id, {
    previous_secret_encrypted: sql`secret_encrypted`,
    previous_secret_expires_at: rotation.previousExpiresAt,
    secret_encrypted: rotation.secretEncrypted,
  });
}
