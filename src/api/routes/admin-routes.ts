import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PartnerAdmin } from '../../partners/partner-admin.js';
import type { PoolRequestAdmin } from '../../pool-requests/pool-request-admin.js';
import { operatorOf } from '../plugins/authentication.js';
import { errorResponses, pageOf } from '../schemas/common.js';
import { partnerSchema } from '../schemas/key-schemas.js';
import {
  adminListPoolRequestsQuery,
  adminPoolRequestSchema,
  approvePoolRequestBody,
  partnerIdParams,
  partnerStatusBody,
  poolRequestIdParams,
  rejectPoolRequestBody,
} from '../schemas/pool-request-schemas.js';

export interface AdminRouteDeps {
  poolRequestAdmin: PoolRequestAdmin;
  partnerAdmin: PartnerAdmin;
}

const tags = ['Admin'];

/** SIR Giving operators' routes: an operator token (Authorization: Bearer op_…), never a partner key. */
export const adminRoutes: FastifyPluginAsyncZod<AdminRouteDeps> = async (app, { poolRequestAdmin, partnerAdmin }) => {
  app.get('/v1/admin/pool-requests', {
    config: { auth: 'operator' },
    schema: {
      tags,
      summary: 'List pool requests, PENDING by default',
      querystring: adminListPoolRequestsQuery,
      response: { 200: pageOf(adminPoolRequestSchema), ...errorResponses },
    },
    handler: async (request) => {
      const { status, partnerId, limit, cursor } = request.query;
      return poolRequestAdmin.list({ status, partnerId }, limit, cursor);
    },
  });

  app.post('/v1/admin/pool-requests/:id/approve', {
    config: { auth: 'operator' },
    schema: {
      tags,
      summary: 'Approve a pool request',
      params: poolRequestIdParams,
      body: approvePoolRequestBody,
      response: { 200: adminPoolRequestSchema, ...errorResponses },
    },
    handler: async (request) => poolRequestAdmin.approve(request.params.id, operatorOf(request).id, request.body ?? {}),
  });

  app.post('/v1/admin/pool-requests/:id/reject', {
    config: { auth: 'operator' },
    schema: {
      tags,
      summary: 'Reject a pool request',
      params: poolRequestIdParams,
      body: rejectPoolRequestBody,
      response: { 200: adminPoolRequestSchema, ...errorResponses },
    },
    handler: async (request) => poolRequestAdmin.reject(request.params.id, operatorOf(request).id, request.body.reason),
  });

  app.patch('/v1/admin/partners/:partnerId/status', {
    config: { auth: 'operator' },
    schema: {
      tags,
      summary: "Change a partner's status",
      params: partnerIdParams,
      body: partnerStatusBody,
      response: { 200: partnerSchema, ...errorResponses },
    },
    handler: async (request) =>
      partnerAdmin.changeStatus(request.params.partnerId, request.body, { requestId: request.id, log: request.log }),
  });
};
