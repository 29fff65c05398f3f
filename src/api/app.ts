import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ActionQueries } from '../actions/action-queries.js';
import type { ActionSubmission } from '../actions/action-submission.js';
import type { BulkSubmission } from '../actions/bulk-submission.js';
import type { TransactionQueries } from '../transactions/transaction-queries.js';
import type { UserLedgerQueries } from '../users/user-ledger-queries.js';
import type { ReversalSubmission } from '../reversals/reversal-submission.js';
import type { TokenPoolQueries } from '../pools/token-pool-queries.js';
import type { PartnerAuthenticator } from '../auth/partner-authenticator.js';
import type { Partner, PortalUser } from '../db/schema.js';
import { randomToken } from '../ids.js';
import type { ApiKeyService } from '../keys/api-key-service.js';
import type { PortalService } from '../portal/portal-service.js';
import type { PartnerUserService } from '../users/partner-user-service.js';
import { authentication } from './plugins/authentication.js';
import { errorHandler } from './plugins/error-handler.js';
import { openApi } from './plugins/openapi.js';
import { rawJsonBody } from './plugins/raw-json-body.js';
import { actionRoutes } from './routes/action-routes.js';
import { bulkActionRoutes } from './routes/bulk-action-routes.js';
import { transactionRoutes } from './routes/transaction-routes.js';
import { userLedgerRoutes } from './routes/user-ledger-routes.js';
import { reversalRoutes } from './routes/reversal-routes.js';
import { healthRoutes, type ReadinessCheck } from './routes/health-routes.js';
import { keyRoutes } from './routes/key-routes.js';
import { portalAuthRoutes } from './routes/portal-auth-routes.js';
import { tokenPoolRoutes } from './routes/token-pool-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { widgetConfigRoutes } from './routes/widget-config-routes.js';

export interface AppDependencies {
  bodyLimitBytes: number;
  authenticatePartner: PartnerAuthenticator;
  authenticatePortalUser: (token: string) => Promise<PortalUser | null>;
  findPartner: (id: string) => Promise<Partner | undefined>;
  portal: PortalService;
  keys: ApiKeyService;
  users: PartnerUserService;
  submitAction: ActionSubmission;
  submitBulk: BulkSubmission;
  transactions: TransactionQueries;
  userLedger: UserLedgerQueries;
  reverseAction: ReversalSubmission;
  actionQueries: ActionQueries;
  pools: TokenPoolQueries;
  checkReadiness: ReadinessCheck;
}

/** Builds the API without listening, so tests inject requests and `openapi` prints the document. */
export async function buildApp(deps: AppDependencies, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: deps.bodyLimitBytes,
    genReqId: () => `req_${randomToken(20)}`,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('Request-Id', request.id);
  });

  await app.register(errorHandler);
  await app.register(rawJsonBody);
  await app.register(authentication, deps);
  await app.register(openApi);

  await app.register(healthRoutes, { checkReadiness: deps.checkReadiness });
  await app.register(portalAuthRoutes, { portal: deps.portal });
  await app.register(keyRoutes, { keys: deps.keys, findPartner: deps.findPartner });
  await app.register(userRoutes, { users: deps.users });
  await app.register(widgetConfigRoutes);
  await app.register(actionRoutes, { submitAction: deps.submitAction, actionQueries: deps.actionQueries });
  await app.register(bulkActionRoutes, { submitBulk: deps.submitBulk });
  await app.register(transactionRoutes, { transactions: deps.transactions });
  await app.register(userLedgerRoutes, { userLedger: deps.userLedger });
  await app.register(reversalRoutes, { reverseAction: deps.reverseAction });
  await app.register(tokenPoolRoutes, { pools: deps.pools });
  return app;
}
