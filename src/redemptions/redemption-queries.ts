import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database, RedemptionStatus } from '../db/schema.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { notFound } from '../errors.js';
import { toPage } from '../pagination.js';
import { findPartnerUser } from '../users/partner-user-repository.js';
import { redemptionRows, redemptionView } from './redemption-view.js';

export interface RedemptionFilters {
  status?: RedemptionStatus;
  /** The partner's external user id. */
  partnerUserId?: string;
}

export function createRedemptionQueries(db: Kysely<Database>) {
  async function list(scope: PartnerScope, filters: RedemptionFilters, limit: number, cursor?: string) {
    // A derived table, so the page's created_at and id are the redemption's own.
    const rows = await db
      .selectFrom(redemptionRows(db).as('r'))
      .selectAll()
      .where('partner_id', '=', scope.partnerId)
      .where('environment', '=', scope.environment)
      .$if(filters.status !== undefined, (q) => q.where('status', '=', filters.status!))
      .$if(filters.partnerUserId !== undefined, (q) => q.where('user_external_id', '=', filters.partnerUserId!))
      .$call((q) => newestFirstPage(q, limit, cursor))
      .execute();
    return toPage(rows, limit, redemptionView);
  }

  return {
    list,

    async get(scope: PartnerScope, redemptionId: string) {
      const row = await redemptionRows(db)
        .where('r.partner_id', '=', scope.partnerId)
        .where('r.environment', '=', scope.environment)
        .where('r.id', '=', redemptionId)
        .executeTakeFirst();
      if (!row) throw notFound('redemption');
      return redemptionView(row);
    },

    /** An unknown user is a 404, not an empty page. */
    async listForUser(
      scope: PartnerScope,
      externalId: string,
      filters: Omit<RedemptionFilters, 'partnerUserId'>,
      limit: number,
      cursor?: string,
    ) {
      if (!(await findPartnerUser(db, scope, externalId))) throw notFound('user');
      return list(scope, { ...filters, partnerUserId: externalId }, limit, cursor);
    },
  };
}

export type RedemptionQueries = ReturnType<typeof createRedemptionQueries>;
