import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import type { ApiKeyService } from '../../keys/api-key-service.js';
import { partnerView } from '../../partners/partner-view.js';
import type { PortalUser } from '../../db/schema.js';
import { portalUserOf } from '../plugins/authentication.js';
import { errorResponses, pageOf, pageQuerySchema } from '../schemas/common.js';
import {
  apiKeySchema,
  createdApiKeySchema,
  createKeyBody,
  keyIdParams,
  partnerSchema,
  updateKeyBody,
} from '../schemas/key-schemas.js';
import type { Partner } from '../../db/schema.js';

export interface KeyRouteDeps {
  keys: ApiKeyService;
  findPartner: (id: string) => Promise<Partner | undefined>;
}

function partnerIdOf(user: PortalUser): string {
  if (!user.partner_id) throw notFound('partner (create your first key to create it)');
  return user.partner_id;
}

const tags = ['Partner key management'];

export const keyRoutes: FastifyPluginAsyncZod<KeyRouteDeps> = async (app, { keys, findPartner }) => {
  app.post('/v1/partner/keys', {
    config: { auth: 'jwt' },
    schema: {
      tags,
      summary: 'Create an API key pair (secrets shown once)',
      body: createKeyBody,
      response: { 201: createdApiKeySchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { expiresAt, ...rest } = request.body;
      const created = await keys.create(portalUserOf(request), {
        ...rest,
        expiresAt: expiresAt ? new Date(expiresAt) : null,
      });
      return reply.code(201).send(created);
    },
  });

  app.get('/v1/partner/keys', {
    config: { auth: 'jwt' },
    schema: {
      tags,
      summary: 'List your API keys (no secret values)',
      querystring: pageQuerySchema,
      response: { 200: pageOf(apiKeySchema), ...errorResponses },
    },
    handler: async (request) => {
      const user = portalUserOf(request);
      if (!user.partner_id)
        return { data: [], pagination: { limit: request.query.limit, hasMore: false, nextCursor: null } };
      return keys.list(user.partner_id, request.query.limit, request.query.cursor);
    },
  });

  app.get('/v1/partner/keys/partner-info', {
    config: { auth: 'jwt' },
    schema: { tags, summary: 'Your partner record', response: { 200: partnerSchema, ...errorResponses } },
    handler: async (request) => {
      const partner = await findPartner(partnerIdOf(portalUserOf(request)));
      if (!partner) throw notFound('partner');
      return partnerView(partner);
    },
  });

  app.get('/v1/partner/keys/:id', {
    config: { auth: 'jwt' },
    schema: {
      tags,
      summary: 'Get one key record',
      params: keyIdParams,
      response: { 200: apiKeySchema, ...errorResponses },
    },
    handler: async (request) => keys.get(partnerIdOf(portalUserOf(request)), request.params.id),
  });

  app.patch('/v1/partner/keys/:id', {
    config: { auth: 'jwt' },
    schema: {
      tags,
      summary: 'Rename, deactivate or set expiry',
      params: keyIdParams,
      body: updateKeyBody,
      response: { 200: apiKeySchema, ...errorResponses },
    },
    handler: async (request) => {
      const { expiresAt, ...rest } = request.body;
      const changes = {
        ...rest,
        ...(expiresAt !== undefined && { expiresAt: expiresAt === null ? null : new Date(expiresAt) }),
      };
      return keys.update(partnerIdOf(portalUserOf(request)), request.params.id, changes);
    },
  });

  app.delete('/v1/partner/keys/:id', {
    config: { auth: 'jwt' },
    schema: {
      tags,
      summary: 'Revoke a key for good',
      params: keyIdParams,
      response: { 204: z.null().describe('Revoked'), ...errorResponses },
    },
    handler: async (request, reply) => {
      await keys.remove(partnerIdOf(portalUserOf(request)), request.params.id);
      return reply.code(204).send(null);
    },
  });
};
