import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { toPage } from '../pagination.js';
import { actionView } from './action-view.js';
import { findScopedAction } from './find-action.js';
import { newestFirstPage } from '../db/newest-first-page.js';

export interface ActionFilters {
  status?: 'PROCESSING' | 'COMPLETED' | 'FAILED';
  actionType?: string;
  partnerUserId?: string;
  from?: Date;
  to?: Date;
}

export function createActionQueries(db: Kysely<Database>) {
  return {
    async get(scope: PartnerScope, actionId: string) {
      return actionView(await findScopedAction(db, scope, actionId));
    },

    async list(scope: PartnerScope, filters: ActionFilters, limit: number, cursor?: string) {
      const rows = await db
        .selectFrom('actions')
        .selectAll()
        .where('partner_id', '=', scope.partnerId)
        .where('environment', '=', scope.environment)
        .$if(filters.status !== undefined, (q) => q.where('status', '=', filters.status!))
        .$if(filters.actionType !== undefined, (q) => q.where('action_type', '=', filters.actionType!))
        .$if(filters.partnerUserId !== undefined, (q) =>
          // One grouped condition: a bare OR would escape the partner scope and the page cursor.
          q.where((eb) =>
            eb.or([
              sql<boolean>`credits @> ${JSON.stringify([{ externalUserId: filters.partnerUserId }])}::jsonb`,
              sql<boolean>`request->'stakeholders' @> ${JSON.stringify([{ partnerUserId: filters.partnerUserId }])}::jsonb`,
            ]),
          ),
        )
        .$if(filters.from !== undefined, (q) => q.where('created_at', '>=', filters.from!))
        .$if(filters.to !== undefined, (q) => q.where('created_at', '<', filters.to!))
        .$call((q) => newestFirstPage(q, limit, cursor))
        .execute();
      return toPage(rows, limit, actionView);
    },
  };
}

export type ActionQueries = ReturnType<typeof createActionQueries>;
