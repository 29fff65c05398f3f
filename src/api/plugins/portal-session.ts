import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { PartnerScope } from '../../partner-scope.js';
import type { Environment, PortalUser } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import type { FormBody } from '../../portal/form-input.js';
import { sessionCookieName, type CsrfTokens } from '../../portal/session-cookie.js';
import type { PageContext } from '../../portal/web/page-shell.js';

declare module 'fastify' {
  interface FastifyRequest {
    portalSessionToken: string | null;
  }
}

export interface PortalSessionOptions {
  authenticatePortalUser: (token: string) => Promise<PortalUser | null>;
  csrf: CsrfTokens;
}

/**
 * Signed-in portal pages: the session cookie names the user (no cookie, no page: back to sign in),
 * and every write carries the CSRF token bound to that session.
 */
export const portalSession = fp(
  async (app: FastifyInstance, { authenticatePortalUser, csrf }: PortalSessionOptions) => {
    app.decorateRequest('portalSessionToken', null);
    app.addHook('preHandler', async (request, reply) => {
      const token = request.cookies[sessionCookieName];
      const user = token ? await authenticatePortalUser(token) : null;
      if (!token || !user) return reply.redirect('/portal/login', 303);
      request.portalUser = user;
      request.portalSessionToken = token;
      if (request.method === 'POST' && !csrf.matches(token, (request.body as FormBody | undefined)?._csrf)) {
        throw new ApiError(
          'UNAUTHORIZED',
          'this form has expired or did not come from the portal: reload the page and try again',
        );
      }
    });
  },
);

function sessionOf(request: FastifyRequest): { user: PortalUser; token: string } {
  if (!request.portalUser || !request.portalSessionToken)
    throw new Error(`route ${request.routeOptions.url} is not behind the portal session`);
  return { user: request.portalUser, token: request.portalSessionToken };
}

export function pageContextOf(request: FastifyRequest, csrf: CsrfTokens, environment: Environment): PageContext {
  const { user, token } = sessionOf(request);
  return { email: user.email, environment, csrfToken: csrf.tokenFor(token) };
}

/** The signed-in user's partner in one environment; null before their first key creates the partner. */
export function portalScopeOf(request: FastifyRequest, environment: Environment): PartnerScope | null {
  const { user } = sessionOf(request);
  return user.partner_id ? { partnerId: user.partner_id, environment } : null;
}

/** For writes, which need a partner to act on. */
export function requirePortalScope(request: FastifyRequest, environment: Environment): PartnerScope {
  const scope = portalScopeOf(request, environment);
  if (!scope) throw new ApiError('NO_PARTNER', 'create your first API key first: it sets up your partner account');
  return scope;
}
