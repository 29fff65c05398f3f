import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PortalService } from '../../portal/portal-service.js';
import { portalUserOf } from '../plugins/authentication.js';
import { errorResponses } from '../schemas/common.js';
import { loginBody, loginResponse, meResponse } from '../schemas/portal-schemas.js';

export const portalAuthRoutes: FastifyPluginAsyncZod<{ portal: PortalService }> = async (app, { portal }) => {
  app.post('/v1/partner/auth/login', {
    config: { auth: 'none' },
    schema: {
      tags: ['Partner auth'],
      summary: 'Log in to the partner portal',
      body: loginBody,
      response: { 200: loginResponse, ...errorResponses },
    },
    handler: async (request) => portal.login(request.body.email, request.body.password, request.ip),
  });

  app.get('/v1/partner/auth/me', {
    config: { auth: 'jwt' },
    schema: {
      tags: ['Partner auth'],
      summary: 'Current portal user, partner and publishable key',
      response: { 200: meResponse, ...errorResponses },
    },
    handler: async (request) => portal.me(portalUserOf(request)),
  });
};
