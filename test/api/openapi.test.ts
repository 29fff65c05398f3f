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
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/partner/users', '/v1/partner/keys/{id}', '/v1/partner/auth/login']));
    for (const path of Object.keys(document.paths)) expect(path).toMatch(/^\/(v1\/partner\/[\w{}/:-]+|healthz|readyz|metrics)$/);
  });

  it('documents the auth headers each route needs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/partner-api/json' });
    const document = response.json();
    const hmac = [{ partnerKey: [], timestamp: [], signature: [] }];
    expect(document.paths['/v1/partner/users'].get.security).toEqual(hmac);
    expect(document.paths['/v1/partner/users'].post.security).toEqual(hmac);
    expect(document.paths['/v1/partner/users'].post.description).toMatch(/^Secret key required/);
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

  it('serves the interactive docs at /partner-api', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/partner-api/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
