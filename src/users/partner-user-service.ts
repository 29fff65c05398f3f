import type { Kysely } from 'kysely';
import type { PartnerScope } from '../partner-scope.js';
import type { Database } from '../db/schema.js';
import { ApiError, notFound } from '../errors.js';
import { recordEvent } from '../webhooks/event-outbox.js';
import { newId } from '../ids.js';
import { toPage } from '../pagination.js';
import type { DeliveryControl } from '../webhooks/delivery-control.js';
import { dispatchInBackground } from '../webhooks/dispatch/dispatch-in-background.js';
import type { RequestContext } from '../webhooks/endpoints/endpoint-service.js';
import { metadataLimitProblem } from './metadata-limits.js';
import { applyMetadataPatch } from './metadata-patch.js';
import {
  findPartnerUser,
  insertPartnerUser,
  listPartnerUsers,
  lockPartnerUser,
  updatePartnerUser,
  type PartnerUserFilters,
} from './partner-user-repository.js';
import { partnerUserView } from './partner-user-view.js';
import { upgradePartnerUser } from './upgrade-partner-user.js';

export interface CreatePartnerUserInput {
  externalUserId: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  metadata?: Record<string, unknown>;
}

export interface UpdatePartnerUserInput {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  metadata?: Record<string, unknown>;
}

export function createPartnerUserService({
  db,
  deliveryControl,
}: {
  db: Kysely<Database>;
  deliveryControl: DeliveryControl;
}) {
  return {
    async list(scope: PartnerScope, filters: PartnerUserFilters, limit: number, cursor?: string) {
      return toPage(await listPartnerUsers(db, scope, filters, limit, cursor), limit, partnerUserView);
    },

    /** Creates the user and its user.created event in one transaction, then starts its delivery without waiting. */
    async create(scope: PartnerScope, input: CreatePartnerUserInput, context: RequestContext) {
      const view = await db.transaction().execute(async (trx) => {
        const user = await insertPartnerUser(trx, scope, {
          id: newId('pusr'),
          externalId: input.externalUserId,
          ...input,
        });
        if (!user) {
          throw new ApiError(
            'USER_ALREADY_EXISTS',
            `a user with externalUserId "${input.externalUserId}" already exists`,
          );
        }
        const view = partnerUserView(user);
        await recordEvent(trx, { ...scope, type: 'user.created', data: { user: view }, requestId: context.requestId });
        return view;
      });
      dispatchInBackground(deliveryControl, context, 'user.created');
      return view;
    },

    async get(scope: PartnerScope, externalId: string) {
      const user = await findPartnerUser(db, scope, externalId);
      if (!user) throw notFound('user');
      return partnerUserView(user);
    },

    async update(scope: PartnerScope, externalId: string, input: UpdatePartnerUserInput) {
      const user = await db.transaction().execute(async (trx) => {
        const stored = await lockPartnerUser(trx, scope, externalId);
        if (!stored) throw notFound('user');
        // The limits hold for what is stored, not only for one patch: merges add up.
        const metadata = applyMetadataPatch(stored.metadata, input.metadata ?? {});
        const problem = metadataLimitProblem(metadata);
        if (problem)
          throw new ApiError('VALIDATION_ERROR', `after this change, ${problem}`, [
            { location: 'body', path: '/metadata', message: problem },
          ]);
        return updatePartnerUser(trx, stored.id, {
          email: input.email,
          firstName: input.firstName,
          lastName: input.lastName,
          metadata,
        });
      });
      return partnerUserView(user);
    },

    /** Links the user to a full SIR account; only a new link records user.upgraded and starts its delivery. */
    async upgrade(scope: PartnerScope, externalId: string, sirAccountId: string, context: RequestContext) {
      const { user, upgraded } = await upgradePartnerUser(db, scope, externalId, sirAccountId, context.requestId);
      if (upgraded) dispatchInBackground(deliveryControl, context, 'user.upgraded');
      return user;
    },
  };
}

export type PartnerUserService = ReturnType<typeof createPartnerUserService>;
