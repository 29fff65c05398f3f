import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { PartnerAuth, PartnerAuthenticator, PartnerAuthMode } from '../../keys/partner-authenticator.js';
import type { Operator, PortalUser } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import type { OperatorAuthenticator } from '../../operators/operator-authenticator.js';

/** How a route authenticates: the spec's auth legend plus the portal's JWT, operators and public routes. */
export type RouteAuth = PartnerAuthMode | 'jwt' | 'operator' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    partnerAuth: PartnerAuth | null;
    portalUser: PortalUser | null;
    operator: Operator | null;
  }
}

export interface AuthenticationOptions {
  authenticatePartner: PartnerAuthenticator;
  /** Resolves a bearer token to its portal user, or null when it is not valid. */
  authenticatePortalUser: (token: string) => Promise<PortalUser | null>;
  authenticateOperator: OperatorAuthenticator;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Runs after the body is read (signatures need its raw bytes) and before schema validation. */
export const authentication = fp(async (app: FastifyInstance, options: AuthenticationOptions) => {
  app.decorateRequest('partnerAuth', null);
  app.decorateRequest('portalUser', null);
  app.decorateRequest('operator', null);

  app.addHook('preValidation', async (request) => {
    const mode = request.routeOptions.config.auth ?? 'none';
    if (mode === 'none') return;
    if (mode === 'operator') {
      request.operator = await options.authenticateOperator({
        authorization: header(request, 'authorization'),
        partnerKey: header(request, 'x-partner-key'),
      });
      return;
    }
    if (mode === 'jwt') {
      const match = /^Bearer (\S+)$/.exec(header(request, 'authorization') ?? '');
      const user = match?.[1] ? await options.authenticatePortalUser(match[1]) : null;
      if (!user)
        throw new ApiError(
          'UNAUTHORIZED',
          'sign in first: send Authorization: Bearer <token from /v1/partner/auth/login>',
        );
      request.portalUser = user;
      return;
    }
    request.partnerAuth = await options.authenticatePartner(mode, {
      partnerKey: header(request, 'x-partner-key'),
      timestamp: header(request, 'x-timestamp'),
      signature: header(request, 'x-signature'),
      method: request.method,
      pathWithQuery: request.raw.url ?? request.url,
      rawBody: request.rawBody ?? Buffer.alloc(0),
    });
  });
});

/** The authenticated partner of a route that declared a partner auth mode. */
export function partnerOf(request: FastifyRequest): PartnerAuth {
  if (!request.partnerAuth) throw new Error(`route ${request.routeOptions.url} declared no partner auth`);
  return request.partnerAuth;
}

export function portalUserOf(request: FastifyRequest): PortalUser {
  if (!request.portalUser) throw new Error(`route ${request.routeOptions.url} declared no JWT auth`);
  return request.portalUser;
}

export function operatorOf(request: FastifyRequest): Operator {
  if (!request.operator) throw new Error(`route ${request.routeOptions.url} declared no operator auth`);
  return request.operator;
}
