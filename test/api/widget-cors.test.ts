import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

const partnerOrigin = 'https://shop.partner.example';

describe('browsers: CORS on widget routes only, publishable keys nowhere else', () => {
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
  });
  afterAll(async () => t.close());

  const preflight = (url: string, method: string) =>
    t.app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin: partnerOrigin,
        'access-control-request-method': method,
        'access-control-request-headers': 'content-type,x-partner-key',
      },
    });

  for (const [url, method] of [
    ['/v1/partner/config', 'GET'],
    ['/v1/partner/organizations/american-red-cross', 'GET'],
    ['/v1/partner/donations/create-link', 'POST'],
    ['/v1/partner/donations/status/don_abc', 'GET'],
  ]) {
    it(`answers the preflight of ${method} ${url}`, async () => {
      const response = await preflight(url!, method!);
      expect(response.statusCode).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(String(response.headers['access-control-allow-methods'])).toContain(method);
      expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('x-partner-key');
    });
  }

  it('marks widget answers, errors included, as readable from any origin', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/config',
      headers: { origin: partnerOrigin, 'x-partner-key': partner.sandbox.publicKey },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    expect(String(ok.headers['access-control-expose-headers'])).toContain('Request-Id');
    const refused = await t.app.inject({
      method: 'GET',
      url: '/v1/partner/organizations/american-red-cross',
      headers: { origin: partnerOrigin },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
  });

  it('refuses preflights of secret routes and sends them no CORS headers', async () => {
    const response = await preflight('/v1/partner/actions/submit', 'POST');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const path = '/v1/partner/users';
    const signed = await t.app.inject({
      method: 'GET',
      url: path,
      headers: { origin: partnerOrigin, ...signedHeaders(partner.sandbox, 'GET', path) },
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the route catalog knows exactly the four widget routes', () => {
    const widget = t.app.routeCatalog.filter((route) => route.auth === 'widget' && !route.methods.includes('HEAD'));
    expect(widget.map((route) => `${route.methods.join(',')} ${route.url}`).sort()).toEqual([
      'GET /v1/partner/config',
      'GET /v1/partner/donations/status/:partnerDonationId',
      'GET /v1/partner/organizations/:slug',
      'POST /v1/partner/donations/create-link',
    ]);
  });

  // Every route a partner key or a session protects, other than the widget's own.
  const protectedRoutes = () =>
    t.app.routeCatalog
      .filter((route) => route.auth !== 'widget' && route.auth !== 'none')
      .flatMap((route) =>
        route.methods
          .filter((method) => method !== 'HEAD')
          .map((method) => ({ method, url: route.url.replace(/:\w+/g, 'x1'), auth: route.auth })),
      );

  it('a publishable key, as a browser holds it, gets 401 or 403 with the envelope on every other protected route', async () => {
    const routes = protectedRoutes();
    expect(routes.length).toBeGreaterThan(30);
    for (const { method, url } of routes) {
      const key = partner.sandbox.publicKey;
      const response = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { 'x-partner-key': key, authorization: `Bearer ${key}`, origin: partnerOrigin },
        payload: method === 'GET' || method === 'DELETE' ? undefined : {},
      });
      expect([401, 403], `${method} ${url}`).toContain(response.statusCode);
      expect(response.json().error.code, `${method} ${url}`).toMatch(/^[A-Z_]+$/);
      expect(response.headers['access-control-allow-origin'], `${method} ${url}`).toBeUndefined();
    }
  });

  it('a publishable key signed with the pair’s HMAC secret still gets 403 on every secret-key route', async () => {
    const routes = protectedRoutes().filter((route) => route.auth === 'hmac-secret');
    expect(routes.length).toBeGreaterThan(10);
    for (const { method, url } of routes) {
      const rawBody = method === 'GET' || method === 'DELETE' ? '' : '{}';
      const headers = signedHeaders(
        { partnerKey: partner.sandbox.publicKey, hmacSecret: partner.sandbox.hmacSecret },
        method,
        url,
        rawBody,
      );
      const response = await t.app.inject({ method: method as 'GET', url, headers, payload: rawBody || undefined });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code, `${method} ${url}`).toBe('SECRET_KEY_REQUIRED');
    }
  });
});
