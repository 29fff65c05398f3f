import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ActionQueries } from '../actions/action-queries.js';
import type { ActionSubmission } from '../actions/action-submission.js';
import type { BulkSubmission } from '../actions/bulk-submission.js';
import type { TransactionQueries } from '../transactions/transaction-queries.js';
import type { UserLedgerQueries } from '../users/user-ledger-queries.js';
import type { ReversalSubmission } from '../reversals/reversal-submission.js';
import type { RedemptionQueries } from '../redemptions/redemption-queries.js';
import type { RedemptionSubmission } from '../redemptions/redemption-submission.js';
import type { TokenPoolQueries } from '../pools/token-pool-queries.js';
import type { PoolRequestService } from '../pool-requests/pool-request-service.js';
import type { PoolRequestAdmin } from '../pool-requests/pool-request-admin.js';
import type { PartnerAdmin } from '../partners/partner-admin.js';
import type { OperatorAuthenticator } from '../operators/operator-authenticator.js';
import type { CampaignAnalytics } from '../campaigns/campaign-analytics.js';
import type { CampaignQueries } from '../campaigns/campaign-queries.js';
import type { CampaignService } from '../campaigns/campaign-service.js';
import type { DashboardQueries } from '../dashboard/dashboard-queries.js';
import type { ApiUsageRecorder } from '../usage/api-usage-recorder.js';
import type { PartnerAuthenticator } from '../keys/partner-authenticator.js';
import type { Organization, Partner, PortalUser } from '../db/schema.js';
import { randomToken } from '../ids.js';
import type { ApiKeyService } from '../keys/api-key-service.js';
import type { PortalService } from '../portal/portal-service.js';
import type { PartnerUserService } from '../users/partner-user-service.js';
import type { WebhookEndpointService } from '../webhooks/endpoints/endpoint-service.js';
import type { DeliveryHistoryQueries } from '../webhooks/history/delivery-history-queries.js';
import type { WebhookHealthQueries } from '../webhooks/history/webhook-health-queries.js';
import type { WebhookDeliveryService } from '../webhooks/redelivery/delivery-service.js';
import { authentication } from './plugins/authentication.js';
import { apiUsage } from './plugins/api-usage.js';
import { errorHandler } from './plugins/error-handler.js';
import { openApiDocs } from './plugins/openapi-docs.js';
import { rateLimiting } from './plugins/rate-limiting.js';
import { rawJsonBody } from './plugins/raw-json-body.js';
import { actionRoutes } from './routes/action-routes.js';
import { bulkActionRoutes } from './routes/bulk-action-routes.js';
import { campaignRoutes } from './routes/campaign-routes.js';
import { transactionRoutes } from './routes/transaction-routes.js';
import { userLedgerRoutes } from './routes/user-ledger-routes.js';
import { reversalRoutes } from './routes/reversal-routes.js';
import { redemptionRoutes } from './routes/redemption-routes.js';
import { healthRoutes, type ReadinessCheck } from './routes/health-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { keyRoutes } from './routes/key-routes.js';
import { portalAuthRoutes } from './routes/portal-auth-routes.js';
import { tokenPoolRoutes } from './routes/token-pool-routes.js';
import { poolRequestRoutes } from './routes/pool-request-routes.js';
import { adminRoutes } from './routes/admin-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { widgetConfigRoutes } from './routes/widget-config-routes.js';
import { organizationRoutes } from './routes/organization-routes.js';
import { donationRoutes } from './routes/donation-routes.js';
import { checkoutPageRoutes } from './routes/checkout-page-routes.js';
import { portalPages } from './routes/portal-pages.js';
import type { CsrfTokens } from '../portal/session-cookie.js';
import { routeCatalog } from './plugins/route-catalog.js';
import { answerFrameworkError } from './plugins/framework-errors.js';
import { answerClientError } from './plugins/client-errors.js';
import { nulCharacterGuard } from './plugins/nul-character-guard.js';
import { widgetCors } from './plugins/widget-cors.js';
import { bodyLimits } from './body-limits.js';
import type { DonationService } from '../donations/donation-service.js';
import type { CheckoutService } from '../donations/checkout-service.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { webhookDeliveryHistoryRoutes } from './routes/webhook-delivery-history-routes.js';
import { dashboardWebhookHealthRoutes } from './routes/dashboard-webhook-health-routes.js';
import { webhookRedeliveryRoutes } from './routes/webhook-redelivery-routes.js';
import type { BusinessFigures } from '../observability/business-figures.js';
import { metrics } from '../observability/metrics-plugin.js';
import { requestLogContext } from '../observability/request-log-context.js';
import type { SourceBanList } from '../security/source-ban-list.js';
import { banRefusedSources } from './plugins/ban-refused-sources.js';

export interface AppDependencies {
  /** The largest body a route accepts: a bulk batch. Routes taking one object accept less (body-limits.ts). */
  bodyLimitBytes: number;
  authenticatePartner: PartnerAuthenticator;
  authenticatePortalUser: (token: string) => Promise<PortalUser | null>;
  findPartner: (id: string) => Promise<Partner | undefined>;
  portal: PortalService;
  /** CSRF tokens for the portal's forms, bound to the session. */
  portalCsrf: CsrfTokens;
  /** The portal's session cookie is Secure (false only in development and tests, on plain http). */
  portalSecureCookie: boolean;
  keys: ApiKeyService;
  users: PartnerUserService;
  submitAction: ActionSubmission;
  submitBulk: BulkSubmission;
  transactions: TransactionQueries;
  userLedger: UserLedgerQueries;
  reverseAction: ReversalSubmission;
  redeemTokens: RedemptionSubmission;
  redemptionQueries: RedemptionQueries;
  actionQueries: ActionQueries;
  pools: TokenPoolQueries;
  poolRequests: PoolRequestService;
  authenticateOperator: OperatorAuthenticator;
  poolRequestAdmin: PoolRequestAdmin;
  partnerAdmin: PartnerAdmin;
  campaigns: CampaignService;
  campaignQueries: CampaignQueries;
  campaignAnalytics: CampaignAnalytics;
  webhooks: WebhookEndpointService;
  deliveryHistory: DeliveryHistoryQueries;
  webhookHealth: WebhookHealthQueries;
  webhookDeliveries: WebhookDeliveryService;
  dashboard: DashboardQueries;
  apiUsage: ApiUsageRecorder;
  /** Requests a minute per client IP on routes no partner key authenticates. */
  ipRateLimitPerMinute: number;
  /** Addresses banned for a while after too many refused requests. */
  sourceBans: SourceBanList;
  checkReadiness: ReadinessCheck;
  findOrganization: (slug: string) => Promise<Organization | undefined>;
  donations: DonationService;
  checkout: CheckoutService;
  businessFigures: BusinessFigures;
  /** The bearer token GET /metrics requires; open without one. */
  metricsToken?: string;
}

/** Builds the API without listening, so tests inject requests and `openapi` prints the document. */
export async function buildApp(
  deps: AppDependencies,
  logger: FastifyServerOptions['logger'] = false,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: bodyLimits(deps.bodyLimitBytes).oneObjectBytes,
    genReqId: () => `req_${randomToken(20)}`,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('Request-Id', request.id);
  });

  await app.register(errorHandler);
  await app.register(banRefusedSources, { bans: deps.sourceBans });
  await app.register(routeCatalog);
  await app.register(widgetCors);
  await app.register(rawJsonBody);
  await app.register(nulCharacterGuard);
  await app.register(authentication, {
    authenticatePartner: deps.authenticatePartner,
    authenticatePortalUser: deps.authenticatePortalUser,
    authenticateOperator: deps.authenticateOperator,
  });
  await app.register(requestLogContext);
  await app.register(apiUsage, { recorder: deps.apiUsage });
  await app.register(rateLimiting, { perIpPerMinute: deps.ipRateLimitPerMinute });
  await app.register(openApiDocs);

  await app.register(healthRoutes, { checkReadiness: deps.checkReadiness });
  await app.register(metrics, { figures: deps.businessFigures, token: deps.metricsToken });
  await app.register(portalAuthRoutes, { portal: deps.portal });
  await app.register(keyRoutes, { keys: deps.keys, findPartner: deps.findPartner });
  await app.register(userRoutes, { users: deps.users });
  await app.register(widgetConfigRoutes);
  await app.register(organizationRoutes, { findOrganization: deps.findOrganization });
  await app.register(donationRoutes, { donations: deps.donations });
  await app.register(checkoutPageRoutes, { checkout: deps.checkout });
  await app.register(actionRoutes, { submitAction: deps.submitAction, actionQueries: deps.actionQueries });
  await app.register(bulkActionRoutes, {
    submitBulk: deps.submitBulk,
    bodyLimitBytes: bodyLimits(deps.bodyLimitBytes).batchBytes,
  });
  await app.register(transactionRoutes, { transactions: deps.transactions });
  await app.register(userLedgerRoutes, { userLedger: deps.userLedger });
  await app.register(reversalRoutes, { reverseAction: deps.reverseAction });
  await app.register(redemptionRoutes, { redeemTokens: deps.redeemTokens, redemptionQueries: deps.redemptionQueries });
  await app.register(tokenPoolRoutes, { pools: deps.pools });
  await app.register(poolRequestRoutes, { poolRequests: deps.poolRequests });
  await app.register(adminRoutes, { poolRequestAdmin: deps.poolRequestAdmin, partnerAdmin: deps.partnerAdmin });
  await app.register(campaignRoutes, {
    campaigns: deps.campaigns,
    campaignQueries: deps.campaignQueries,
    campaignAnalytics: deps.campaignAnalytics,
  });
  await app.register(dashboardRoutes, { dashboard: deps.dashboard });
  await app.register(webhookRoutes, { webhooks: deps.webhooks });
  await app.register(webhookDeliveryHistoryRoutes, { deliveryHistory: deps.deliveryHistory });
  await app.register(dashboardWebhookHealthRoutes, { webhookHealth: deps.webhookHealth });
  await app.register(webhookRedeliveryRoutes, { webhookDeliveries: deps.webhookDeliveries });
  await app.register(portalPages, { ...deps, csrf: deps.portalCsrf, secureCookie: deps.portalSecureCookie });
  return app;
}
