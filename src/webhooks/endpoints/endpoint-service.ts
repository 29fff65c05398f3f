import type { Kysely } from 'kysely';
import type { PartnerScope } from '../../partner-scope.js';
import type { Database, WebhookEndpoint } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { toPage } from '../../pagination.js';
import type { SecretBox } from '../../security/secret-box.js';
import type { DeliveryControl } from '../delivery-control.js';
import { recordPing } from '../ping-event.js';
import type { WebhookSettings } from '../webhook-settings.js';
import { cancelOpenDeliveries, openDeliveryWorkflows } from '../dispatch/dispatch-repository.js';
import { endpointChanges, type EndpointChanges } from './endpoint-changes.js';
import {
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
} from './endpoint-repository.js';
import { assertEndpointUrl } from './endpoint-url.js';
import { sealedHeaderColumns } from './sealed-headers.js';
import { webhookEndpointView } from './endpoint-view.js';
import { normaliseSubscription } from './subscription.js';
import { generateWebhookSecret } from './webhook-secret.js';

export interface NewEndpointInput {
  url: string;
  description?: string | null;
  eventTypes?: string[];
  receiveAllEvents?: boolean;
  headers?: Record<string, string>;
  standardWebhooks?: boolean;
  ordered?: boolean;
  maxDeliveriesPerSecond?: number | null;
  /** Partner-supplied; generated when absent. */
  secret?: string;
}

export interface RequestContext {
  requestId: string;
  log: { warn(details: object, message: string): void };
}

export interface WebhookEndpointServiceDeps {
  db: Kysely<Database>;
  secretBox: SecretBox;
  deliveryControl: DeliveryControl;
  settings: Pick<WebhookSettings, 'allowPrivateTargetsInSandbox'>;
  now: () => Date;
}

const hourMs = 3600 * 1000;

export function createWebhookEndpointService({
  db,
  secretBox,
  deliveryControl,
  settings,
  now,
}: WebhookEndpointServiceDeps) {
  const urlPolicy = (scope: PartnerScope) => ({
    environment: scope.environment,
    allowPrivateTargetsInSandbox: settings.allowPrivateTargetsInSandbox,
  });

  // The change is committed when these run: the dispatch sweep picks up the ping later and the
  // sender checks the endpoint before each attempt, so a failure here delays but loses nothing.
  async function afterCommit(context: RequestContext, what: string, run: () => Promise<unknown>) {
    try {
      await run();
    } catch (error) {
      context.log.warn({ err: error }, `${what} failed after commit; the delivery engine catches up`);
    }
  }

  // The endpoint's open deliveries are CANCELLED in the same transaction as the change, so the answer
  // never waits on a backlog: their workflows are cancelled after it, and one whose cancel is lost
  // (a crash, Temporal away) finds its delivery cancelled before its next attempt and stops.
  function stopInBackground(workflowIds: string[], context: RequestContext, of: string) {
    if (workflowIds.length === 0) return;
    deliveryControl.cancelDeliveryWorkflows(workflowIds).catch((error: unknown) => {
      context.log.warn(
        { err: error },
        `cancelling the delivery workflows of ${of} failed; each stops at its next attempt`,
      );
    });
  }

  function found(endpoint: WebhookEndpoint | undefined): WebhookEndpoint {
    if (!endpoint) throw notFound('webhook');
    return endpoint;
  }

  return {
    /** Registers the endpoint and its ping in one transaction; the secret is shown this once. */
    async create(scope: PartnerScope, input: NewEndpointInput, context: RequestContext) {
      assertEndpointUrl(input.url, urlPolicy(scope));
      const subscription = normaliseSubscription({
        eventTypes: input.eventTypes ?? [],
        receiveAllEvents: input.receiveAllEvents ?? false,
      });
      const secret = input.secret ?? generateWebhookSecret();
      const endpoint = await db.transaction().execute(async (trx) => {
        const row = await insertEndpoint(trx, {
          id: newId('whk'),
          partner_id: scope.partnerId,
          environment: scope.environment,
          url: input.url,
          description: input.description ?? null,
          event_types: subscription.eventTypes,
          receive_all_events: subscription.receiveAllEvents,
          ...sealedHeaderColumns(secretBox, input.headers ?? {}),
          standard_webhooks: input.standardWebhooks ?? false,
          ordered: input.ordered ?? false,
          max_deliveries_per_second: input.maxDeliveriesPerSecond ?? null,
          secret_encrypted: secretBox.seal(secret),
        });
        await recordPing(trx, scope, row.id, { now: now(), requestId: context.requestId });
        return row;
      });
      await afterCommit(context, 'dispatching the registration ping', () => deliveryControl.dispatchPending());
      return { ...webhookEndpointView(endpoint), secret };
    },

    async list(scope: PartnerScope, limit: number, cursor?: string) {
      return toPage(await listEndpoints(db, scope, limit, cursor), limit, webhookEndpointView);
    },

    async get(scope: PartnerScope, id: string) {
      return webhookEndpointView(found(await findEndpoint(db, scope, id)));
    },

    async update(scope: PartnerScope, id: string, changes: EndpointChanges, context: RequestContext) {
      if (changes.url !== undefined) assertEndpointUrl(changes.url, urlPolicy(scope));
      const { endpoint, cancelled, unordered } = await db.transaction().execute(async (trx) => {
        const current = found(await findEndpoint(trx, scope, id, { forUpdate: true }));
        const headerColumns = changes.headers !== undefined ? sealedHeaderColumns(secretBox, changes.headers) : {};
        const updated = await updateEndpoint(trx, scope, id, {
          ...endpointChanges(current, changes, now()),
          ...headerColumns,
        });
        return {
          endpoint: updated,
          cancelled: changes.isActive === false ? await cancelOpenDeliveries(trx, id) : [],
          unordered: current.ordered && changes.ordered === false,
        };
      });
      stopInBackground(cancelled, context, 'a disabled endpoint');
      // Parked deliveries would otherwise wait for their hourly re-check.
      if (unordered)
        await afterCommit(context, 'waking the waiting deliveries of an endpoint no longer ordered', async () =>
          deliveryControl.wakeDeliveries(await openDeliveryWorkflows(db, id)),
        );
      return webhookEndpointView(found(endpoint));
    },

    /** Soft delete: the row stays for the delivery history, hidden from every partner route. */
    async remove(scope: PartnerScope, id: string, context: RequestContext) {
      const cancelled = await db.transaction().execute(async (trx) => {
        found(await updateEndpoint(trx, scope, id, { deleted_at: now(), is_active: false }));
        return cancelOpenDeliveries(trx, id);
      });
      stopInBackground(cancelled, context, 'a deleted endpoint');
    },

    /** The previous secret keeps signing (alongside the new one) until the grace period ends. */
    async rotateSecret(scope: PartnerScope, id: string, input: { gracePeriodHours: number; secret?: string }) {
      const secret = input.secret ?? generateWebhookSecret();
      const previousExpiresAt = new Date(now().getTime() + input.gracePeriodHours * hourMs);
      const endpoint = await rotateEndpointSecret(db, scope, id, {
        secretEncrypted: secretBox.seal(secret),
        previousExpiresAt,
      });
      return { ...webhookEndpointView(found(endpoint)), secret };
    },
  };
}

export type WebhookEndpointService = ReturnType<typeof createWebhookEndpointService>;
