import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiKeyService } from '../../keys/api-key-service.js';
import { field, utcDateTime } from '../../portal/form-input.js';
import { parseWith } from '../../portal/form-input.js';
import type { CsrfTokens } from '../../portal/session-cookie.js';
import { doneNotice, withDone } from '../../portal/web/done-notices.js';
import { renderKeysPage } from '../../portal/web/keys-page.js';
import { portalPageHeaders } from '../../portal/web/page-shell.js';
import { pageContextOf, portalScopeOf, requirePortalScope } from '../plugins/portal-session.js';
import { createKeyBody, updateKeyBody } from '../schemas/key-schemas.js';
import { doneQuery, environmentParams, formBody, hidden, portalRoute, withIdParams } from './portal-params.js';
import type { Environment } from '../../db/schema.js';
import type { FastifyRequest } from 'fastify';

export interface PortalKeyDeps {
  keys: ApiKeyService;
  csrf: CsrfTokens;
}

export const portalKeyPages: FastifyPluginAsyncZod<PortalKeyDeps> = async (app, { keys, csrf }) => {
  async function keysOf(request: FastifyRequest, environment: Environment) {
    const scope = portalScopeOf(request, environment);
    // A partner has a handful of keys: the first hundred, this environment's shown.
    return scope ? (await keys.list(scope.partnerId, 100)).data.filter((key) => key.environment === environment) : [];
  }

  app.get('/portal/:environment/keys', {
    config: portalRoute,
    schema: { ...hidden, params: environmentParams, querystring: doneQuery },
    handler: async (request, reply) => {
      const { environment } = request.params;
      const page = renderKeysPage(
        pageContextOf(request, csrf, environment),
        await keysOf(request, environment),
        undefined,
        doneNotice(request.query.done),
      );
      return reply.headers(portalPageHeaders).send(page);
    },
  });

  // The new key's secrets are in this answer only, so it renders the page instead of redirecting.
  app.post('/portal/:environment/keys', {
    config: portalRoute,
    schema: { ...hidden, params: environmentParams, body: formBody },
    handler: async (request, reply) => {
      const { environment } = request.params;
      const form = request.body;
      const input = parseWith(createKeyBody, {
        name: field(form, 'name') ?? '',
        environment,
        keyType: field(form, 'keyType'),
        expiresAt: utcDateTime(field(form, 'expiresAt')),
      });
      const { expiresAt, ...rest } = input;
      const created = await keys.create(request.portalUser!, {
        ...rest,
        expiresAt: expiresAt ? new Date(expiresAt) : null,
      });
      // The first key links the user to a new partner: read the user again for the page.
      request.portalUser = { ...request.portalUser!, partner_id: created.partnerId };
      const page = renderKeysPage(
        pageContextOf(request, csrf, environment),
        await keysOf(request, environment),
        created,
      );
      return reply.code(201).headers(portalPageHeaders).send(page);
    },
  });

  app.post('/portal/:environment/keys/:id', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams, body: formBody },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      const form = request.body;
      const changes = parseWith(updateKeyBody, {
        name: field(form, 'name'),
        isActive: field(form, 'isActive') === 'true',
        expiresAt: utcDateTime(field(form, 'expiresAt')) ?? null,
      });
      const { expiresAt, ...rest } = changes;
      await keys.update(requirePortalScope(request, environment).partnerId, id, {
        ...rest,
        expiresAt: expiresAt ? new Date(expiresAt) : null,
      });
      return reply.redirect(withDone(`/portal/${environment}/keys`, 'key-updated'), 303);
    },
  });

  app.post('/portal/:environment/keys/:id/revoke', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams, body: formBody },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      await keys.remove(requirePortalScope(request, environment).partnerId, id);
      return reply.redirect(withDone(`/portal/${environment}/keys`, 'key-revoked'), 303);
    },
  });
};
