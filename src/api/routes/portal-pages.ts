import cookie from '@fastify/cookie';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { PortalUser } from '../../db/schema.js';
import { ApiError } from '../../errors.js';
import { field, parseFormBody, type FormBody } from '../../portal/form-input.js';
import type { PortalService } from '../../portal/portal-service.js';
import { sessionCookieName, type CsrfTokens } from '../../portal/session-cookie.js';
import { renderErrorPage } from '../../portal/web/error-page.js';
import { renderLoginPage } from '../../portal/web/login-page.js';
import { portalPageHeaders } from '../../portal/web/page-shell.js';
import { portalFavicon, portalScript, portalStylesheet } from '../../portal/web/portal-assets.js';
import { portalSession } from '../plugins/portal-session.js';
import { portalDashboardPages, type PortalDashboardDeps } from './portal-dashboard-pages.js';
import { portalKeyPages, type PortalKeyDeps } from './portal-key-pages.js';
import { portalPoolPages, type PortalPoolDeps } from './portal-pool-pages.js';
import { portalWebhookPages, type PortalWebhookDeps } from './portal-webhook-pages.js';

export interface PortalPageDeps extends PortalDashboardDeps, PortalKeyDeps, PortalPoolDeps, PortalWebhookDeps {
  portal: PortalService;
  authenticatePortalUser: (token: string) => Promise<PortalUser | null>;
  csrf: CsrfTokens;
  /** Secure cookies unless the API runs in development or tests, on plain http. */
  secureCookie: boolean;
}

const cookiePath = '/portal';

/** Where the error page sends the reader: the page a failed form was on, or the section a missing page is in. */
function backLinkOf(request: FastifyRequest): { href: string; label: string } {
  const [, , environment, section, id] = request.url.split('?')[0]!.split('/');
  if (environment !== 'sandbox' && environment !== 'production') return { href: '/portal', label: 'Go to the portal' };
  if (request.method === 'POST' && section === 'webhooks' && id)
    return { href: `/portal/${environment}/webhooks/${id}`, label: 'Back to the endpoint' };
  const known = ['dashboard', 'keys', 'webhooks', 'pools'].includes(section ?? '') ? section : 'dashboard';
  return { href: `/portal/${environment}/${known}`, label: 'Back to the list' };
}

/** What to do about a refusal, beyond its message. */
const nextSteps: Partial<Record<string, string>> = {
  NOT_FOUND: 'It may have been deleted, or belong to the other environment.',
};

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string) {
  return reply
    .code(status)
    .headers(portalPageHeaders)
    .send(renderErrorPage(title, message, backLinkOf(request)));
}

/** The partner portal: server-rendered pages over the same services as the partner API. */
export const portalPages: FastifyPluginAsyncZod<PortalPageDeps> = async (app, deps) => {
  await app.register(cookie);
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, parseFormBody(body as string)),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      const message =
        `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}. ${nextSteps[error.code] ?? ''}`.trim();
      return sendError(request, reply, error.status, 'That did not work', message);
    }
    if (hasZodFastifySchemaValidationErrors(error))
      return sendError(request, reply, 404, 'Page not found', 'Check the address, or start again from the portal.');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      return sendError(request, reply, error.statusCode, 'That did not work', error.message);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      request,
      reply,
      500,
      'Something went wrong on our side',
      `Try again in a moment. If it keeps failing, tell SIR Giving support the request id ${request.id}.`,
    );
  });

  const hidden = { schema: { hide: true }, config: { auth: 'none' as const } };
  app.get('/portal/assets/portal.css', hidden, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(portalStylesheet),
  );
  app.get('/portal/assets/portal.js', hidden, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(portalScript),
  );

  app.get('/portal/assets/favicon.svg', hidden, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(portalFavicon),
  );
  // Any other portal address: a page that says so, not the API's JSON 404.
  app.get('/portal/*', hidden, async (request, reply) =>
    sendError(request, reply, 404, 'Page not found', 'Check the address, or start again from the portal.'),
  );
  app.get('/portal', hidden, async (_request, reply) => reply.redirect('/portal/sandbox/dashboard', 303));
  app.get('/portal/login', hidden, async (_request, reply) => reply.headers(portalPageHeaders).send(renderLoginPage()));

  app.post('/portal/login', hidden, async (request, reply) => {
    const form = request.body as FormBody;
    const email = field(form, 'email') ?? '';
    try {
      const session = await deps.portal.login(email, field(form, 'password') ?? '', request.ip);
      reply.setCookie(sessionCookieName, session.token, {
        path: cookiePath,
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookie,
        expires: new Date(session.expiresAt),
      });
      return reply.redirect('/portal/sandbox/dashboard', 303);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      request.errorCode = error.code;
      if (typeof (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds === 'number') {
        reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
      }
      return reply
        .code(error.status)
        .headers(portalPageHeaders)
        .send(renderLoginPage(email, { kind: 'error', text: `Could not sign in: ${error.message}.` }));
    }
  });

  await app.register(async (signedIn) => {
    await signedIn.register(portalSession, { authenticatePortalUser: deps.authenticatePortalUser, csrf: deps.csrf });
    signedIn.post('/portal/logout', hidden, async (_request, reply) => {
      reply.clearCookie(sessionCookieName, {
        path: cookiePath,
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookie,
      });
      return reply.redirect('/portal/login', 303);
    });
    await signedIn.register(portalDashboardPages, deps);
    await signedIn.register(portalKeyPages, deps);
    await signedIn.register(portalWebhookPages, deps);
    await signedIn.register(portalPoolPages, deps);
  });
};
