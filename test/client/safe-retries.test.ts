import { afterEach, describe, expect, it } from 'vitest';
import { SirApiError, SirConnectionError, SirPartnerClient } from '../../packages/sir-partner-client/src/index.js';
import { computeRequestSignature, signaturesMatch } from '../../src/security/request-signature.js';
import {
  envelope,
  startScriptedApi,
  type RecordedRequest,
  type ScriptedAnswer,
  type ScriptedApi,
} from './scripted-api.js';

const credentials = { secretKey: 'sk_test_retry', hmacSecret: 'retry-hmac-secret' };
const page = { data: [], pagination: { limit: 20, hasMore: false, nextCursor: null } };
const completed = {
  actionId: 'act_1',
  idempotencyKey: 'k',
  status: 'COMPLETED',
  tokensDistributed: 5,
  transactionIds: [],
};
const unavailable: ScriptedAnswer = { status: 503, body: envelope('SERVICE_UNAVAILABLE') };

let api: ScriptedApi;
afterEach(async () => api?.close());

async function clientAnswering(answers: (index: number) => ScriptedAnswer, retry = {}) {
  api = await startScriptedApi((_request, index) => answers(index));
  return new SirPartnerClient({
    baseUrl: api.url,
    ...credentials,
    retry: { initialDelayMs: 10, maxDelayMs: 2000, ...retry },
  });
}

/** What the server's authenticator checks of each attempt. */
function signatureHolds(request: RecordedRequest): boolean {
  const expected = computeRequestSignature(credentials.hmacSecret, {
    timestamp: request.headers['x-timestamp'] as string,
    method: request.method,
    pathWithQuery: request.url,
    rawBody: Buffer.from(request.body),
  });
  return signaturesMatch(expected, request.headers['x-signature'] as string);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('safe retries', () => {
  it('retries a GET answered 503, then returns the 200, every attempt signed and identified', async () => {
    const client = await clientAnswering((index) => (index === 0 ? unavailable : { status: 200, body: page }));
    await expect(client.users.list({ limit: 5 })).resolves.toEqual(page);
    expect(api.requests.map((request) => request.url)).toEqual([
      '/v1/partner/users?limit=5',
      '/v1/partner/users?limit=5',
    ]);
    expect(api.requests.every(signatureHolds)).toBe(true);
    expect(api.requests.map((request) => request.headers['user-agent'])).toEqual([
      'sir-partner-client/0.1.0',
      'sir-partner-client/0.1.0',
    ]);
  });

  it('waits what a 429 Retry-After says, and signs the retry with a fresh timestamp', async () => {
    const client = await clientAnswering((index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: envelope('RATE_LIMITED') }
        : { status: 200, body: page },
    );
    const started = Date.now();
    await client.actions.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const [first, second] = api.requests.map((request) => Number(request.headers['x-timestamp']));
    expect(second).toBeGreaterThan(first!);
    expect(api.requests.every(signatureHolds)).toBe(true);
  });

  it('gives up on a Retry-After longer than the policy waits, with the 429 error', async () => {
    const client = await clientAnswering(
      () => ({ status: 429, headers: { 'retry-after': '60' }, body: envelope('RATE_LIMITED') }),
      { maxDelayMs: 5000 },
    );
    expect(await rejectionOf(client.actions.list())).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(api.requests).toHaveLength(1);
  });

  it('retries a submit without a key under one generated key, so the API sees one action', async () => {
    const client = await clientAnswering((index) =>
      index < 2 ? { status: 502, body: '<html>bad gateway</html>' } : { status: 200, body: completed },
    );
    await client.actions.submit({
      actionType: 'PURCHASE',
      amount: 5,
      currency: 'USD',
      stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId: 'u1' }],
    });
    expect(api.requests).toHaveLength(3);
    const keys = api.requests.map((request) => JSON.parse(request.body).idempotencyKey);
    expect(keys[0]).toMatch(/^idem_[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(new Set(api.requests.map((request) => request.body)).size).toBe(1);
    expect(api.requests.every(signatureHolds)).toBe(true);
  });

  it('retries an allocation request under one generated key, so the API makes one request', async () => {
    const client = await clientAnswering((index) => (index === 0 ? 'drop' : { status: 201, body: { id: 'tpr_1' } }));
    await client.tokenPools.requestAllocation({ tokens: 10, reason: 'more' });
    const keys = api.requests.map((request) => JSON.parse(request.body).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^idem_[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
  });

  it('never retries a POST without an idempotency key, whatever the answer', async () => {
    const client = await clientAnswering(() => unavailable);
    const error = await rejectionOf(client.users.create({ externalUserId: 'u1' }));
    expect(error).toBeInstanceOf(SirApiError);
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(api.requests).toHaveLength(1);
  });

  it('stops after maxAttempts and throws the last answer', async () => {
    const client = await clientAnswering(() => ({ status: 504, body: 'gateway timeout' }), { maxAttempts: 3 });
    expect(await rejectionOf(client.campaigns.active())).toMatchObject({
      status: 504,
      code: 'HTTP_504',
      details: 'gateway timeout',
    });
    expect(api.requests).toHaveLength(3);
  });

  it('retries a reversal after a dropped connection, but not a key-less POST', async () => {
    const client = await clientAnswering((index) => (index === 0 ? 'drop' : { status: 200, body: completed }));
    await client.actions.reverse('act_1', {
      reversalPercentage: 50,
      reason: 'refund',
      refundIdempotencyKey: 'refund_1',
    });
    expect(api.requests.map((request) => request.url)).toEqual([
      '/v1/partner/actions/act_1/reverse',
      '/v1/partner/actions/act_1/reverse',
    ]);

    await api.close();
    const dropping = await clientAnswering(() => 'drop');
    expect(await rejectionOf(dropping.webhooks.create({ url: 'https://partner.example/hooks' }))).toBeInstanceOf(
      SirConnectionError,
    );
    expect(api.requests).toHaveLength(1);
  });

  it("maps the error envelope to SirApiError with the answer's Request-Id, without retrying a 4xx", async () => {
    const client = await clientAnswering(() => ({
      status: 404,
      headers: { 'request-id': 'req_42' },
      body: { error: { code: 'NOT_FOUND', message: 'user not found', details: { externalId: 'ghost' } } },
    }));
    const error = await rejectionOf(client.users.get('ghost/../x'));
    expect(error).toBeInstanceOf(SirApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: 'user not found',
      details: { externalId: 'ghost' },
      requestId: 'req_42',
    });
    // Path parameters are percent-encoded, so the signed path is the one the server routes.
    expect(api.requests.map((request) => request.url)).toEqual(['/v1/partner/users/ghost%2F..%2Fx']);
  });
});
