import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PartnerUserService } from '../../users/partner-user-service.js';
import { partnerOf } from '../plugins/authentication.js';
import { errorResponses, optionalDate, pageOf } from '../schemas/common.js';
import {
  createUserBody,
  externalIdParams,
  listUsersQuery,
  partnerUserSchema,
  updateUserBody,
  upgradeUserBody,
} from '../schemas/user-schemas.js';

const tags = ['Users'];

export const userRoutes: FastifyPluginAsyncZod<{ users: PartnerUserService }> = async (app, { users }) => {
  app.get('/v1/partner/users', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'List partner users',
      querystring: listUsersQuery,
      response: { 200: pageOf(partnerUserSchema), ...errorResponses },
    },
    handler: async (request) => {
      const { limit, cursor, email, createdAfter, createdBefore } = request.query;
      const filters = { email, createdAfter: optionalDate(createdAfter), createdBefore: optionalDate(createdBefore) };
      return users.list(partnerOf(request), filters, limit, cursor);
    },
  });

  app.post('/v1/partner/users', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Create a partner user',
      body: createUserBody,
      response: { 201: partnerUserSchema, ...errorResponses },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await users.create(partnerOf(request), request.body, { requestId: request.id, log: request.log })),
  });

  app.get('/v1/partner/users/:externalId', {
    config: { auth: 'hmac' },
    schema: {
      tags,
      summary: 'Get a user by your external id',
      params: externalIdParams,
      response: { 200: partnerUserSchema, ...errorResponses },
    },
    handler: async (request) => users.get(partnerOf(request), request.params.externalId),
  });

  app.patch('/v1/partner/users/:externalId', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Update user profile and metadata',
      params: externalIdParams,
      body: updateUserBody,
      response: { 200: partnerUserSchema, ...errorResponses },
    },
    handler: async (request) => users.update(partnerOf(request), request.params.externalId, request.body),
  });

  // Not in the spec, which lists user.upgraded without the call that causes it.
  app.post('/v1/partner/users/:externalId/upgrade', {
    config: { auth: 'hmac-secret' },
    schema: {
      tags,
      summary: 'Link the user to a full SIR account',
      params: externalIdParams,
      body: upgradeUserBody,
      response: { 200: partnerUserSchema, ...errorResponses },
    },
    handler: async (request) =>
      users.upgrade(partnerOf(request), request.params.externalId, request.body.sirAccountId, {
        requestId: request.id,
        log: request.log,
      }),
  });
};
