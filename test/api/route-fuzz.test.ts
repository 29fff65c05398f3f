import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAuth } from '../../src/api/plugins/authentication.js';
import { errorStatus } from '../../src/errors.js';
import { createOperator } from '../../src/operators/create-operator.js';
import { badRequests, type BadRequest, type RouteInputs } from '../fuzz/bad-requests.js';
import { fuzzSettings } from '../fuzz/fuzz-settings.js';
import { rawHttp, type RawResponse } from '../fuzz/raw-http.js';
import { adminRoutes, documentedRoutes, type OpenApiDocument } from '../fuzz/route-inputs.js';
import { tableChecksums } from '../fuzz/table-checksums.js';
import { signedHeaders } from '../support/sign.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

/**
 * Every route of the OpenAPI document, and the operator routes it hides, gets requests that pass
 * authentication and are wrong in one way each. None may fail with a 5xx, every refusal carries the
 * error envelope, and no refused request changes a row.
 */
describe('every route refuses bad input without a 5xx or a write', async () => {
  // The route list comes from the app itself, so the app is built before any test is declared.
  const t: TestApp = await createTestApp({ ipRateLimitPerMinute: 1_000_000 });
  await t.app.ready();
  const routes = [...documentedRoutes(t.app.swagger() as unknown as OpenApiDocument), ...adminRoutes()]
    .map((route) => ({ route, requests: badRequests(route) }))
    .filter(
      (entry): entry is { route: RouteInputs; requests: fc.Arbitrary<BadRequest> } => entry.requests !== undefined,
    );
  const authOf = (route: RouteInputs): RouteAuth | undefined =>
    t.app.routeCatalog.find((entry) => entry.url === route.url && entry.methods.includes(route.method))?.auth;
  const catalogAuth = new Map(routes.map(({ route }) => [`${route.method} ${route.url}`, authOf(route)]));
  const { numRunsPerRoute, seed } = fuzzSettings(routes.length);

  let partner: TestPartner;
  let operatorToken: string;
  let port: number;

  beforeAll(async () => {
    partner = await t.createPartner();
    await t.database.db.updateTable('partners').set({ rate_limit_per_minute: 1_000_000 }).execute();
    operatorToken = (await createOperator(t.database.db, 'Fuzz Operator')).token;
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => t.close());

  function credentialHeaders(auth: RouteAuth, request: BadRequest, method: string): Record<string, string> {
    switch (auth) {
      case 'hmac':
      case 'hmac-secret':
        return signedHeaders(partner.sandbox, method, request.pathWithQuery, request.rawBody);
      case 'widget':
        return { 'x-partner-key': partner.sandbox.publicKey };
      case 'jwt':
        return { authorization: `Bearer ${partner.jwt}` };
      case 'operator':
        return { authorization: `Bearer ${operatorToken}` };
      case 'none':
        return {};
    }
  }

  async function send(
    route: RouteInputs,
    auth: RouteAuth,
    request: BadRequest,
  ): Promise<LightMyRequestResponse | RawResponse> {
    const contentType = request.contentType ?? (request.rawBody ? 'application/json' : undefined);
    if (request.category === 'line:over-16kb') {
      return rawHttp(
        port,
        route.method,
        request.pathWithQuery,
        { ...credentialHeaders(auth, request, route.method), ...(contentType && { 'content-type': contentType }) },
        request.rawBody,
      );
    }
    return t.app.inject({
      method: route.method as 'GET',
      url: request.pathWithQuery,
      headers: {
        ...credentialHeaders(auth, request, route.method),
        ...(contentType && { 'content-type': contentType }),
      },
      payload: request.rawBody || undefined,
    });
  }

  const iJsonCodes: Partial<Record<BadRequest['category'], string>> = {
    'body:deep-nesting': 'JSON_TOO_DEEP',
    'body:lone-surrogate': 'JSON_INVALID_UNICODE',
    'body:duplicate-member': 'JSON_DUPLICATE_MEMBER',
    'line:over-16kb': 'HEADERS_TOO_LARGE',
  };

  function expectRefusal(request: BadRequest, response: LightMyRequestResponse | RawResponse) {
    const what = `${request.category} ${request.pathWithQuery.slice(0, 200)} ${request.rawBody.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    expect(response.statusCode, what).toBeGreaterThanOrEqual(400);
    expect(response.statusCode, what).toBeLessThan(500);
    const body = response.json();
    expect(body, what).toEqual({
      error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    });
    expect(errorStatus[body.error.code as keyof typeof errorStatus], what).toBe(response.statusCode);
    if (request.category === 'body:over-1mb') expect(body.error.code, what).toBe('PAYLOAD_TOO_LARGE');
    if (request.category === 'body:content-type') expect(body.error.code, what).toBe('UNSUPPORTED_MEDIA_TYPE');
    if (iJsonCodes[request.category]) expect(body.error.code, what).toBe(iJsonCodes[request.category]);
  }

  it('covers every documented route and every operator route', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect([...catalogAuth.values()].every((auth) => auth !== undefined)).toBe(true);
    expect(routes.filter(({ route }) => catalogAuth.get(`${route.method} ${route.url}`) === 'operator')).toHaveLength(
      4,
    );
  });

  for (const { route, requests } of routes) {
    it(`${route.method} ${route.url}`, async () => {
      const auth = catalogAuth.get(`${route.method} ${route.url}`)!;
      const before = await tableChecksums(t.database.db);
      await fc.assert(
        fc.asyncProperty(requests, async (request) => expectRefusal(request, await send(route, auth, request))),
        { numRuns: numRunsPerRoute, ...(seed !== undefined && { seed }), endOnFailure: true },
      );
      expect(await tableChecksums(t.database.db), 'a refused request changed rows').toEqual(before);
    });
  }
});
