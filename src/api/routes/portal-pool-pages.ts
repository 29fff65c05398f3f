import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PoolRequestService } from '../../pool-requests/pool-request-service.js';
import type { TokenPoolQueries } from '../../pools/token-pool-queries.js';
import { field, numberField, parseWith } from '../../portal/form-input.js';
import type { CsrfTokens } from '../../portal/session-cookie.js';
import { doneNotice, withDone } from '../../portal/web/done-notices.js';
import { portalPageHeaders } from '../../portal/web/page-shell.js';
import { renderPoolsPage } from '../../portal/web/pools-page.js';
import { pageContextOf, portalScopeOf, requirePortalScope } from '../plugins/portal-session.js';
import { createPoolRequestBody } from '../schemas/pool-request-schemas.js';
import { doneQuery, environmentParams, formBody, hidden, portalRoute } from './portal-params.js';

export interface PortalPoolDeps {
  pools: TokenPoolQueries;
  poolRequests: PoolRequestService;
  csrf: CsrfTokens;
}

const requestsShown = 50;

export const portalPoolPages: FastifyPluginAsyncZod<PortalPoolDeps> = async (app, { pools, poolRequests, csrf }) => {
  app.get('/portal/:environment/pools', {
    config: portalRoute,
    schema: { ...hidden, params: environmentParams, querystring: doneQuery },
    handler: async (request, reply) => {
      const { environment } = request.params;
      const scope = portalScopeOf(request, environment);
      const [poolList, requests] = scope
        ? await Promise.all([pools.list(scope), poolRequests.list(scope, undefined, requestsShown)])
        : [{ data: [] }, { data: [] }];
      const page = renderPoolsPage(
        pageContextOf(request, csrf, environment),
        poolList.data,
        requests.data,
        doneNotice(request.query.done),
      );
      return reply.headers(portalPageHeaders).send(page);
    },
  });

  app.post('/portal/:environment/pools/requests', {
    config: portalRoute,
    schema: { ...hidden, params: environmentParams, body: formBody },
    handler: async (request, reply) => {
      const { environment } = request.params;
      const form = request.body;
      const input = parseWith(createPoolRequestBody, {
        tokens: numberField(field(form, 'tokens')),
        reason: field(form, 'reason') ?? '',
        poolId: field(form, 'poolId'),
      });
      await poolRequests.request(requirePortalScope(request, environment), input, request.id);
      return reply.redirect(withDone(`/portal/${environment}/pools`, 'request-sent'), 303);
    },
  });
};
