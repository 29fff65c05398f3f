import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import { createActionQueries } from '../actions/action-queries.js';
import { createBusinessFigures } from '../observability/business-figures.js';
import { createActionSubmission } from '../actions/action-submission.js';
import type { SettlementListener } from '../ledger/settlements.js';
import { bulkSyncWaitMs, createBulkSubmission } from '../actions/bulk-submission.js';
import { createBulkWorkflows } from '../temporal/client/bulk-workflows.js';
import { createDeliveryWorkflows } from '../temporal/client/delivery-workflows.js';
import { createTransactionQueries } from '../transactions/transaction-queries.js';
import { createUserLedgerQueries } from '../users/user-ledger-queries.js';
import { createReversalSubmission } from '../reversals/reversal-submission.js';
import { createRedemptionQueries } from '../redemptions/redemption-queries.js';
import { createRedemptionSubmission } from '../redemptions/redemption-submission.js';
import { createRedemptionWorkflows } from '../temporal/client/redemption-workflows.js';
import { createReversalWorkflows } from '../temporal/client/reversal-workflows.js';
import { createTokenPoolQueries } from '../pools/token-pool-queries.js';
import { createPoolRequestService } from '../pool-requests/pool-request-service.js';
import { createPoolRequestAdmin } from '../pool-requests/pool-request-admin.js';
import { createPoolRequestWorkflows } from '../temporal/client/pool-request-workflows.js';
import { createPartnerAdmin } from '../partners/partner-admin.js';
import { createOperatorAuthenticator } from '../operators/operator-authenticator.js';
import { createCampaignAnalytics } from '../campaigns/campaign-analytics.js';
import { createCampaignQueries } from '../campaigns/campaign-queries.js';
import { createCampaignService } from '../campaigns/campaign-service.js';
import { createCampaignWorkflows } from '../temporal/client/campaign-workflows.js';
import { createDashboardQueries } from '../dashboard/dashboard-queries.js';
import { createApiUsageRecorder } from '../usage/api-usage-recorder.js';
import { addUsageMinutes } from '../usage/usage-repository.js';
import { createActionWorkflows } from '../temporal/client/action-workflows.js';
import { createPartnerAuthenticator } from '../keys/partner-authenticator.js';
import type { Database } from '../db/schema.js';
import { createApiKeyService } from '../keys/api-key-service.js';
import {
  createLoginThrottle,
  defaultLoginThrottleSettings,
  type LoginThrottle,
  type LoginThrottleSettings,
} from '../portal/login-throttle.js';
import { createPerSourceGate } from '../portal/per-source-gate.js';
import { createCsrfTokens } from '../portal/session-cookie.js';
import { createSourceBanList, defaultSourceBanSettings, type SourceBanList } from '../security/source-ban-list.js';
import { createPortalService } from '../portal/portal-service.js';
import { findPortalUserById } from '../portal/portal-user-repository.js';
import { createPortalTokens } from '../security/portal-token.js';
import { createSecretBox } from '../security/secret-box.js';
import { createPartnerUserService } from '../users/partner-user-service.js';
import type { DeliveryControl } from '../webhooks/delivery-control.js';
import { createDeliveryControl } from '../webhooks/dispatch/create-delivery-control.js';
import { createWebhookEndpointService } from '../webhooks/endpoints/endpoint-service.js';
import { createDeliveryHistoryQueries } from '../webhooks/history/delivery-history-queries.js';
import { createWebhookHealthQueries } from '../webhooks/history/webhook-health-queries.js';
import { createWebhookDeliveryService } from '../webhooks/redelivery/delivery-service.js';
import type { WebhookSettings } from '../webhooks/webhook-settings.js';
import { createCheckoutService } from '../donations/checkout-service.js';
import { createDonationService } from '../donations/donation-service.js';
import { findActiveOrganization } from '../organizations/organization-directory.js';
import type { AppDependencies } from './app.js';
import { defaultPasswordHashCost, type PasswordHashCost } from '../security/password-hash.js';

/** How long /readyz waits for Temporal before it answers not ready. */
const readinessTimeoutMs = 2000;

export interface ApiSettings {
  masterKey: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  bodyLimitBytes: number;
  actionSyncWaitMs: number;
  /** Start action workflows eagerly; only for a client sharing its NativeConnection with a ledger worker. */
  actionEagerStart?: boolean;
  /** Lets submits, reversals and redemptions answer from the ledger's commit; without it, from their workflow's result. */
  settlements?: SettlementListener;
  /** Requests a minute per client IP where no partner key authenticates; 600 when not given. */
  ipRateLimitPerMinute?: number;
  /** How long a token pool request waits for an operator; 72 hours when not given. */
  poolRequestExpiryHours?: number;
  /** PUBLIC_BASE_URL, for donation links; without it (development and tests only) the server's own listening origin. */
  publicBaseUrl?: string;
  /** Portal login lockouts; defaultLoginThrottleSettings when not given. */
  loginThrottle?: LoginThrottleSettings;
  /** What hashing a portal password costs; defaultPasswordHashCost when not given. */
  passwordHashCost?: PasswordHashCost;
  /** Bans of sources refused too often; a list with defaultSourceBanSettings when not given. */
  sourceBans?: SourceBanList;
  /** The portal session cookie's Secure flag; true when not given. */
  portalSecureCookie?: boolean;
  /** METRICS_TOKEN: the bearer token GET /metrics requires; open without one. */
  metricsToken?: string;
  webhooks: WebhookSettings;
}

/** Attempts still waiting for their password check when their source is banned are refused before it. */
function refuseBannedSources(throttle: LoginThrottle, bans: SourceBanList): LoginThrottle {
  return {
    ...throttle,
    retryAfterSeconds: async (account, source) =>
      Math.max(await throttle.retryAfterSeconds(account, source), Math.ceil(bans.bannedForMs(source) / 1000)),
  };
}

/** Wires the services the HTTP layer calls from the database, Temporal and the secrets in config. */
export function createAppDependencies(
  db: Kysely<Database>,
  temporal: Client,
  settings: ApiSettings,
  now = () => new Date(),
  deliveryControl: DeliveryControl = createDeliveryControl({
    db,
    workflows: createDeliveryWorkflows(temporal, settings.webhooks),
  }),
): AppDependencies {
  const secretBox = createSecretBox(settings.masterKey);
  const tokens = createPortalTokens(settings.jwtSecret, settings.jwtTtlSeconds, now);
  const loginThrottle = settings.loginThrottle ?? defaultLoginThrottleSettings;
  const sourceBans = settings.sourceBans ?? createSourceBanList(defaultSourceBanSettings);
  const transactions = createTransactionQueries(db);
  const eagerStart = settings.actionEagerStart ?? false;
  const submitAction = createActionSubmission({
    db,
    workflows: createActionWorkflows(temporal, { eagerStart }),
    syncWaitMs: settings.actionSyncWaitMs,
    settlements: settings.settlements,
  });
  return {
    bodyLimitBytes: settings.bodyLimitBytes,
    authenticatePartner: createPartnerAuthenticator({ db, secretBox, now }),
    authenticatePortalUser: async (token) => {
      const userId = await tokens.verify(token);
      return userId ? ((await findPortalUserById(db, userId)) ?? null) : null;
    },
    findPartner: (id) => db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst(),
    portalCsrf: createCsrfTokens(settings.jwtSecret),
    portalSecureCookie: settings.portalSecureCookie ?? true,
    portal: createPortalService({
      db,
      tokens,
      throttle: refuseBannedSources(createLoginThrottle(loginThrottle), sourceBans),
      kdfGate: createPerSourceGate({ maxWaiting: 8, minIntervalMs: loginThrottle.passwordCheckIntervalMs }),
      passwordHashCost: settings.passwordHashCost ?? defaultPasswordHashCost,
    }),
    keys: createApiKeyService({ db, secretBox }),
    users: createPartnerUserService({ db, deliveryControl }),
    submitAction,
    submitBulk: createBulkSubmission({
      db,
      workflows: createBulkWorkflows(temporal, { eagerStart }),
      syncWaitMs: bulkSyncWaitMs,
      settlements: settings.settlements,
    }),
    transactions,
    userLedger: createUserLedgerQueries(db, transactions),
    reverseAction: createReversalSubmission({
      db,
      workflows: createReversalWorkflows(temporal, { eagerStart }),
      syncWaitMs: settings.actionSyncWaitMs,
      settlements: settings.settlements,
    }),
    redeemTokens: createRedemptionSubmission({
      db,
      workflows: createRedemptionWorkflows(temporal, { eagerStart }),
      syncWaitMs: settings.actionSyncWaitMs,
      settlements: settings.settlements,
    }),
    redemptionQueries: createRedemptionQueries(db),
    actionQueries: createActionQueries(db),
    pools: createTokenPoolQueries(db),
    poolRequests: createPoolRequestService({
      db,
      workflows: createPoolRequestWorkflows(temporal),
      expiryHours: settings.poolRequestExpiryHours ?? 72,
      now,
    }),
    authenticateOperator: createOperatorAuthenticator(db),
    poolRequestAdmin: createPoolRequestAdmin({ db, workflows: createPoolRequestWorkflows(temporal) }),
    partnerAdmin: createPartnerAdmin({ db, deliveryControl }),
    campaigns: createCampaignService({ db, workflows: createCampaignWorkflows(temporal), now }),
    campaignQueries: createCampaignQueries(db),
    campaignAnalytics: createCampaignAnalytics(db),
    dashboard: createDashboardQueries(db, now),
    apiUsage: createApiUsageRecorder({ write: (buckets) => addUsageMinutes(db, buckets), now }),
    ipRateLimitPerMinute: settings.ipRateLimitPerMinute ?? 600,
    sourceBans,
    webhooks: createWebhookEndpointService({ db, secretBox, deliveryControl, settings: settings.webhooks, now }),
    deliveryHistory: createDeliveryHistoryQueries(db),
    webhookHealth: createWebhookHealthQueries(db, now),
    webhookDeliveries: createWebhookDeliveryService({ db, deliveryControl, now }),
    findOrganization: (slug) => findActiveOrganization(db, slug),
    donations: createDonationService({ db, publicBaseUrl: settings.publicBaseUrl, now }),
    checkout: createCheckoutService({ db, submitAction, now }),
    businessFigures: createBusinessFigures(db),
    metricsToken: settings.metricsToken,
    checkReadiness: async () => {
      const [database, temporalServer] = await Promise.all([
        sql`select 1`.execute(db).then(
          () => true,
          () => false,
        ),
        // Bounded: a probe that waits out gRPC's own connect timeout (~20 s) outlives every orchestrator's.
        temporal
          .withDeadline(Date.now() + readinessTimeoutMs, () => temporal.workflowService.getSystemInfo({}))
          .then(
            () => true,
            () => false,
          ),
      ]);
      return { database, temporal: temporalServer };
    },
  };
}
