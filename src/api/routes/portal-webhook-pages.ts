import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PartnerScope } from '../../partner-scope.js';
import {
  field,
  fieldList,
  headerLines,
  numberField,
  parseWith,
  utcDateTime,
  type FormBody,
} from '../../portal/form-input.js';
import type { CsrfTokens } from '../../portal/session-cookie.js';
import { doneNotice, withDone } from '../../portal/web/done-notices.js';
import { portalPageHeaders, type Notice } from '../../portal/web/page-shell.js';
import { renderWebhookPage } from '../../portal/web/webhook-page.js';
import { renderWebhooksPage } from '../../portal/web/webhooks-page.js';
import type { WebhookEndpointService } from '../../webhooks/endpoints/endpoint-service.js';
import type { DeliveryHistoryQueries } from '../../webhooks/history/delivery-history-queries.js';
import type { WebhookHealthQueries } from '../../webhooks/history/webhook-health-queries.js';
import type { WebhookDeliveryService } from '../../webhooks/redelivery/delivery-service.js';
import { pageContextOf, portalScopeOf, requirePortalScope } from '../plugins/portal-session.js';
import { recoverDeliveriesBody } from '../schemas/webhook-delivery-schemas.js';
import { createWebhookBody, rotateSecretBody, updateWebhookBody } from '../schemas/webhook-schemas.js';
import { doneQuery, environmentParams, formBody, hidden, portalRoute, withIdParams } from './portal-params.js';

export interface PortalWebhookDeps {
  webhooks: WebhookEndpointService;
  deliveryHistory: DeliveryHistoryQueries;
  webhookHealth: WebhookHealthQueries;
  webhookDeliveries: WebhookDeliveryService;
  csrf: CsrfTokens;
}

const contextOf = (request: FastifyRequest) => ({ requestId: request.id, log: request.log });
const deliveriesShown = 25;
const checked = (form: FormBody, name: string) => field(form, name) === 'true';

/** What the edit form changes: headers only when some are typed or all are cleared (values are write-only). */
function endpointChangesOf(form: FormBody) {
  const headers = checked(form, 'clearHeaders') ? {} : headerLines(field(form, 'headers'));
  return {
    url: field(form, 'url'),
    description: field(form, 'description') ?? null,
    eventTypes: fieldList(form, 'eventTypes'),
    ...(headers !== undefined && { headers }),
    isActive: field(form, 'isActive') !== 'false',
  };
}

export const portalWebhookPages: FastifyPluginAsyncZod<PortalWebhookDeps> = async (app, deps) => {
  const { webhooks, deliveryHistory, webhookHealth, webhookDeliveries, csrf } = deps;

  async function webhookPage(
    request: FastifyRequest,
    scope: PartnerScope,
    id: string,
    extra: { rotatedSecret?: string; notice?: Notice } = {},
  ) {
    const [endpoint, deliveries, health] = await Promise.all([
      webhooks.get(scope, id),
      deliveryHistory.list(scope, id, {}, deliveriesShown),
      webhookHealth.health(scope),
    ]);
    const view = {
      endpoint,
      deliveries: deliveries.data,
      health: health.endpoints.find((row) => row.id === id),
      rotatedSecret: extra.rotatedSecret,
    };
    return renderWebhookPage(pageContextOf(request, csrf, scope.environment), view, extra.notice);
  }

  app.get('/portal/:environment/webhooks', {
    config: portalRoute,
    schema: { ...hidden, params: environmentParams, querystring: doneQuery },
    handler: async (request, reply) => {
      const { environment } = request.params;
      const scope = portalScopeOf(request, environment);
      const endpoints = scope ? (await webhooks.list(scope, 100)).data : [];
      return reply
        .headers(portalPageHeaders)
        .send(
          renderWebhooksPage(
            pageContextOf(request, csrf, environment),
            endpoints,
            undefined,
            doneNotice(request.query.done),
          ),
        );
    },
  });

  // The secret is in this answer only, so it renders the list instead of redirecting.
  app.post('/portal/:environment/webhooks', {
    config: portalRoute,
    schema: { ...hidden, params: environmentParams, body: formBody },
    handler: async (request, reply) => {
      const { environment } = request.params;
      const scope = requirePortalScope(request, environment);
      const form = request.body;
      const input = parseWith(createWebhookBody, {
        url: field(form, 'url') ?? '',
        description: field(form, 'description'),
        eventTypes: fieldList(form, 'eventTypes'),
        headers: headerLines(field(form, 'headers')),
        standardWebhooks: checked(form, 'standardWebhooks'),
      });
      const created = await webhooks.create(scope, input, contextOf(request));
      const endpoints = (await webhooks.list(scope, 100)).data;
      return reply
        .code(201)
        .headers(portalPageHeaders)
        .send(renderWebhooksPage(pageContextOf(request, csrf, environment), endpoints, created));
    },
  });

  app.get('/portal/:environment/webhooks/:id', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams, querystring: doneQuery },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      const page = await webhookPage(request, requirePortalScope(request, environment), id, {
        notice: doneNotice(request.query.done),
      });
      return reply.headers(portalPageHeaders).send(page);
    },
  });

  app.post('/portal/:environment/webhooks/:id', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams, body: formBody },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      await webhooks.update(
        requirePortalScope(request, environment),
        id,
        parseWith(updateWebhookBody, endpointChangesOf(request.body)),
        contextOf(request),
      );
      return reply.redirect(
        withDone(`/portal/${environment}/webhooks/${encodeURIComponent(id)}`, 'webhook-updated'),
        303,
      );
    },
  });

  app.post('/portal/:environment/webhooks/:id/delete', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams, body: formBody },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      await webhooks.remove(requirePortalScope(request, environment), id, contextOf(request));
      return reply.redirect(withDone(`/portal/${environment}/webhooks`, 'webhook-deleted'), 303);
    },
  });

  app.post('/portal/:environment/webhooks/:id/rotate-secret', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams, body: formBody },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      const scope = requirePortalScope(request, environment);
      const input = parseWith(rotateSecretBody, {
        gracePeriodHours: numberField(field(request.body, 'gracePeriodHours')),
      });
      const rotated = await webhooks.rotateSecret(scope, id, input);
      return reply
        .headers(portalPageHeaders)
        .send(await webhookPage(request, scope, id, { rotatedSecret: rotated.secret }));
    },
  });

  app.post('/portal/:environment/webhooks/:id/test', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams, body: formBody },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      await webhookDeliveries.sendTest(requirePortalScope(request, environment), id, contextOf(request));
      return reply.redirect(withDone(`/portal/${environment}/webhooks/${encodeURIComponent(id)}`, 'test-sent'), 303);
    },
  });

  app.post('/portal/:environment/webhooks/:id/recover', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams, body: formBody },
    handler: async (request, reply) => {
      const { environment, id } = request.params;
      const { since } = parseWith(recoverDeliveriesBody, { since: utcDateTime(field(request.body, 'since')) ?? '' });
      await webhookDeliveries.recover(
        requirePortalScope(request, environment),
        id,
        new Date(since),
        contextOf(request),
      );
      return reply.redirect(withDone(`/portal/${environment}/webhooks/${encodeURIComponent(id)}`, 'recovered'), 303);
    },
  });

  app.post('/portal/:environment/webhooks/:id/deliveries/:deliveryId/retry', {
    config: portalRoute,
    schema: { ...hidden, params: withIdParams.extend({ deliveryId: z.string().min(1).max(64) }), body: formBody },
    handler: async (request, reply) => {
      const { environment, id, deliveryId } = request.params;
      await webhookDeliveries.retry(requirePortalScope(request, environment), id, deliveryId, contextOf(request));
      return reply.redirect(withDone(`/portal/${environment}/webhooks/${encodeURIComponent(id)}`, 'retried'), 303);
    },
  });
};
