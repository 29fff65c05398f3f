import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientVersion, SirPartnerClient } from '../../packages/sir-partner-client/src/index.js';
import { buildOpenApiDocument } from '../../src/api/openapi-document.js';
import { startScriptedApi, type ScriptedApi } from './scripted-api.js';

interface Operation {
  security?: Record<string, string[]>[];
}
type Paths = Record<string, Record<string, Operation>>;

/** The operation of the OpenAPI document a request reaches, by method and path template. */
function operationFor(paths: Paths, method: string, url: string): Operation | undefined {
  const path = new URL(url, 'http://x').pathname;
  const matches = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path);
  // A literal path (/campaigns/active) wins over a template (/campaigns/{id}), as in the router.
  const templates = Object.keys(paths)
    .filter(matches)
    .sort((a, b) => a.split('{').length - b.split('{').length);
  return templates
    .map((template) => paths[template]?.[method.toLowerCase()])
    .find((operation) => operation !== undefined);
}

describe('every client method calls a documented route with its auth', () => {
  let api: ScriptedApi;
  let paths: Paths;
  let client: SirPartnerClient;

  beforeAll(async () => {
    paths = ((await buildOpenApiDocument()) as { paths: Paths }).paths;
    api = await startScriptedApi((request) =>
      request.method === 'DELETE'
        ? { status: 204 }
        : { status: 200, body: { data: [], pagination: { limit: 20, hasMore: false, nextCursor: null } } },
    );
    client = new SirPartnerClient({
      baseUrl: api.url,
      secretKey: 'sk_test_x',
      hmacSecret: 'h',
      publishableKey: 'pk_test_x',
    });
  });
  afterAll(async () => api.close());

  it('matches the OpenAPI document for each call', async () => {
    const drain = async (items: AsyncIterable<unknown>) => {
      for await (const item of items) void item;
    };
    const action = { actionType: 'PURCHASE', stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: 'u' }] };
    const calls: (() => Promise<unknown>)[] = [
      () => client.users.list(),
      () => drain(client.users.listAll()),
      () => client.users.create({ externalUserId: 'u' }),
      () => client.users.get('u'),
      () => client.users.update('u', { firstName: 'A' }),
      () => client.users.upgrade('u', 'sir_1'),
      () => client.users.balance('u'),
      () => client.users.transactions('u'),
      () => drain(client.users.allTransactions('u')),
      () => client.actions.submit(action),
      () => client.actions.bulk([action]),
      () => client.actions.get('act_1'),
      () => client.actions.list({ status: 'COMPLETED' }),
      () => drain(client.actions.listAll()),
      () => client.actions.reverse('act_1', { reversalPercentage: 10, reason: 'r', refundIdempotencyKey: 'k' }),
      () => client.tokenPools.list(),
      () => client.tokenPools.balance('pool_1'),
      () => client.tokenPools.requestAllocation({ tokens: 1, reason: 'r' }),
      () => client.tokenPools.listRequests(),
      () => drain(client.tokenPools.listAllRequests()),
      () => client.transactions.list(),
      () => drain(client.transactions.listAll()),
      () => client.transactions.get('txn_1'),
      () => client.campaigns.list(),
      () => drain(client.campaigns.listAll()),
      () => client.campaigns.active(),
      () => client.campaigns.get('cmp_1'),
      () =>
        client.campaigns.create({
          name: 'c',
          startsAt: '2026-01-01T00:00:00Z',
          tokenBudget: 1,
          rewardRules: { default: {} },
        }),
      () => client.campaigns.update('cmp_1', { status: 'PAUSED' }),
      () => client.campaigns.analytics('cmp_1'),
      () => client.webhooks.create({ url: 'https://example.com' }),
      () => client.webhooks.list(),
      () => drain(client.webhooks.listAll()),
      () => client.webhooks.get('wh_1'),
      () => client.webhooks.update('wh_1', { isActive: true }),
      () => client.webhooks.delete('wh_1'),
      () => client.webhooks.rotateSecret('wh_1'),
      () => client.webhooks.test('wh_1'),
      () => client.webhooks.deliveries('wh_1'),
      () => drain(client.webhooks.allDeliveries('wh_1')),
      () => client.webhooks.retryDelivery('wh_1', 'dlv_1'),
      () => client.webhooks.recoverDeliveries('wh_1', '2026-01-01T00:00:00Z'),
      () => client.redemptions.redeem('u', { idempotencyKey: 'k', tokens: 1, organizationSlug: 'o' }),
      () => client.redemptions.get('rdm_1'),
      () => client.redemptions.list(),
      () => drain(client.redemptions.listAll()),
      () => client.redemptions.listForUser('u'),
      () => drain(client.redemptions.listAllForUser('u')),
      () => client.dashboard.summary(),
      () => client.widget.config(),
      () => client.widget.organization('american-red-cross'),
      () => client.widget.donationStatus('don_1'),
      () =>
        client.widget.createDonationLink({
          nonprofitSlug: 'o',
          amount: 100,
          currency: 'USD',
          donorEmail: 'a@b.c',
          firstName: 'A',
          lastName: 'B',
        }),
    ];
    for (const call of calls) await call();
    expect(api.requests).toHaveLength(calls.length);

    for (const request of api.requests) {
      const operation = operationFor(paths, request.method, request.url);
      expect(operation, `${request.method} ${request.url}`).toBeDefined();
      const signedRoute = operation!.security?.some((scheme) => 'signature' in scheme) ?? false;
      expect({ route: `${request.method} ${request.url}`, signed: 'x-signature' in request.headers }).toEqual({
        route: `${request.method} ${request.url}`,
        signed: signedRoute,
      });
      expect(request.headers['x-partner-key']).toBe(signedRoute ? 'sk_test_x' : 'pk_test_x');
    }
  });

  it("carries package.json's version", async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../../packages/sir-partner-client/package.json', import.meta.url), 'utf8'),
    );
    expect(clientVersion).toBe(manifest.version);
  });
});
