import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

describe('OpenAPI document and interactive docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('`npm run openapi` prints the document without a database or Temporal', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'openapi'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    const document = JSON.parse(stdout);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/partner/users', '/v1/partner/keys/{id}', '/v1/partner/auth/login']),
    );
    for (const path of Object.keys(document.paths))
      expect(path).toMatch(/^\/(v1\/partner\/[\w{}/:-]+|healthz|readyz|metrics)$/);
  });

  it('documents the auth headers each route needs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/partner-api/json' });
    const document = response.json();
    const hmac = [{ partnerKey: [], timestamp: [], signature: [] }];
    expect(document.paths['/v1/partner/users'].get.security).toEqual(hmac);
    expect(document.paths['/v1/partner/users'].post.security).toEqual(hmac);
    expect(document.paths['/v1/partner/users'].post.description).toMatch(
      /^Key: secret key `sk_…`.*publishable keys are refused/,
    );
    expect(document.paths['/v1/partner/users'].get.description).toMatch(
      /^Key: secret key `sk_…` \(or its `pk_` twin\)/,
    );
    expect(document.paths['/v1/partner/config'].get.description).toMatch(/^Key: publishable key `pk_…`/);
    expect(document.paths['/v1/partner/keys'].get.description).toMatch(/^Key: portal session/);
    expect(document.paths['/v1/partner/keys'].get.security).toEqual([{ portalJwt: [] }]);
    expect(document.paths['/v1/partner/config'].get.security).toEqual([{ partnerKey: [] }]);
    expect(document.components.securitySchemes.signature).toMatchObject({ in: 'header', name: 'X-Signature' });
  });

  it('derives request schemas from the same zod schemas that validate', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/partner-api/json' })).json();
    const body = document.paths['/v1/partner/users'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['externalUserId']);
    expect(body.additionalProperties).toBe(false);
  });

  it('tells the page which auth each operation takes, from the route catalog', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/partner-api/json' })).json();
    const documented = Object.entries<Record<string, { 'x-sir-auth'?: string }>>(document.paths).flatMap(
      ([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          path,
          method: method.toUpperCase(),
          auth: operation['x-sir-auth'],
        })),
    );
    const catalog = t.app.routeCatalog.filter((route) => route.auth !== 'operator' && route.url.startsWith('/v1/'));
    for (const route of catalog) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      for (const method of route.methods.filter((method) => method !== 'HEAD')) {
        expect(documented).toContainEqual({ path, method, auth: route.auth });
      }
    }
  });

  it('serves the interactive docs at /partner-api under a CSP that allows only its own scripts', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/partner-api/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("script-src 'self';");
    expect(response.body).toContain('<title>SIR Giving Partner API</title>');
    expect(response.body).not.toMatch(/<script>|https?:\/\//);
    const initializer = await t.app.inject({ method: 'GET', url: '/partner-api/static/swagger-initializer.js' });
    expect(initializer.body).toMatch(
      /"requestInterceptor":\(?request\)?\s*=>\s*globalThis\.sirGivingTryIt\.signRequest\(request\)/,
    );
    const script = await t.app.inject({ method: 'GET', url: '/partner-api/static/theme/try-it-signing.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('application/javascript');
  });
});
