import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SirApiError,
  SirPartnerClient,
  type ActionResult,
  type SubmitActionInput,
} from '../../packages/sir-partner-client/src/index.js';
import { expectLedgerInvariants, fundPool } from '../support/ledger-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestPartner } from '../support/test-app.js';
import { startLossyProxy } from './lossy-proxy.js';

function purchase(partnerUserId: string, amount: number, idempotencyKey?: string): SubmitActionInput {
  return {
    ...(idempotencyKey && { idempotencyKey }),
    actionType: 'PURCHASE',
    amount,
    currency: 'USD',
    stakeholders: [{ stakeholderTypeCode: 'CUSTOMER', partnerUserId }],
    autoCreateUsers: true,
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<SirApiError> {
  const error = await promise.then(
    () => expect.fail('expected a rejection'),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(SirApiError);
  return error as SirApiError;
}

describe('the partner client against the API on the real Temporal dev server', () => {
  let harness: TemporalApp;
  let partner: TestPartner;
  let apiUrl: string;
  let client: SirPartnerClient;

  beforeAll(async () => {
    harness = await startTemporalApp();
    partner = await harness.t.createPartner();
    await fundPool(harness.t, partner, 100_000);
    apiUrl = await harness.t.app.listen({ host: '127.0.0.1', port: 0 });
    const { partnerKey, hmacSecret, publicKey } = partner.sandbox;
    client = new SirPartnerClient({ baseUrl: apiUrl, secretKey: partnerKey, hmacSecret, publishableKey: publicKey });
  });
  afterAll(async () => {
    await expectLedgerInvariants(harness.t);
    await harness.close();
  });

  it('creates, reads and updates a user; a second create is USER_ALREADY_EXISTS', async () => {
    const created = await client.users.create({
      externalUserId: 'user 1/ü',
      email: 'ada@example.com',
      metadata: { tier: 'gold' },
    });
    expect(created).toMatchObject({
      externalUserId: 'user 1/ü',
      environment: 'sandbox',
      email: 'ada@example.com',
      metadata: { tier: 'gold' },
    });
    expect(await client.users.get('user 1/ü')).toEqual(created);
    const updated = await client.users.update('user 1/ü', {
      firstName: 'Ada',
      metadata: { tier: null, city: 'Paris' },
    });
    expect(updated).toMatchObject({ firstName: 'Ada', metadata: { city: 'Paris' } });
    expect((await client.users.list({ email: 'ada@example.com' })).data.map((user) => user.externalUserId)).toEqual([
      'user 1/ü',
    ]);
    expect(await rejectionOf(client.users.create({ externalUserId: 'user 1/ü' }))).toMatchObject({
      status: 409,
      code: 'USER_ALREADY_EXISTS',
    });
  });

  it('submits an action to COMPLETED; the same key answers the same action and rewards once', async () => {
    const first = await client.actions.submit(purchase('buyer', 49.99, 'order_98765'));
    expect(first).toEqual({
      actionId: expect.stringMatching(/^act_/),
      idempotencyKey: 'order_98765',
      status: 'COMPLETED',
      tokensDistributed: 50,
      transactionIds: [expect.stringMatching(/^txn_/)],
    });
    expect(await client.actions.submit(purchase('buyer', 49.99, 'order_98765'))).toEqual(first);
    expect(await client.users.balance('buyer')).toMatchObject({ balance: 50, totalEarned: 50 });
    expect(await client.actions.get(first.actionId)).toMatchObject({
      status: 'COMPLETED',
      stakeholders: [{ partnerUserId: 'buyer', tokens: 50 }],
    });
    const transaction = await client.transactions.get(first.transactionIds[0]!);
    expect(transaction.entries.reduce((sum, entry) => sum + entry.amount, 0)).toBe(0);
  });

  it('retries a submit whose answer was lost under its generated key: one action, one reward', async () => {
    const proxy = await startLossyProxy(
      apiUrl,
      (method, path) => method === 'POST' && path === '/v1/partner/actions/submit',
    );
    try {
      const { partnerKey, hmacSecret } = partner.sandbox;
      const viaProxy = new SirPartnerClient({
        baseUrl: proxy.url,
        secretKey: partnerKey,
        hmacSecret,
        retry: { initialDelayMs: 50 },
      });
      const result = await viaProxy.actions.submit(purchase('unlucky', 12));
      expect(proxy.forwarded).toEqual(['/v1/partner/actions/submit', '/v1/partner/actions/submit']);
      expect(result).toMatchObject({
        status: 'COMPLETED',
        tokensDistributed: 12,
        idempotencyKey: expect.stringMatching(/^idem_/),
      });
      expect(await client.users.balance('unlucky')).toMatchObject({ balance: 12, totalEarned: 12 });
      expect((await client.actions.list({ partnerUserId: 'unlucky' })).data.map((action) => action.actionId)).toEqual([
        result.actionId,
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('reverses half an action, and the same refund key answers the same reversal', async () => {
    const action = await client.actions.submit(purchase('refunded', 20));
    const reversal = await client.actions.reverse(action.actionId, {
      reversalPercentage: 50,
      reason: 'Order refunded',
      refundIdempotencyKey: 'refund_1',
    });
    expect(reversal).toMatchObject({
      actionId: action.actionId,
      status: 'COMPLETED',
      tokensReversed: 10,
      tokensReturned: 10,
      debtCreated: 0,
    });
    expect(
      await client.actions.reverse(action.actionId, {
        reversalPercentage: 50,
        reason: 'Order refunded',
        refundIdempotencyKey: 'refund_1',
      }),
    ).toEqual(reversal);
    expect(await client.users.balance('refunded')).toMatchObject({ balance: 10, totalReversed: 10 });
  });

  it('walks every page of a list through the async iterator, newest first', async () => {
    const job = await client.actions.bulk(
      [1, 2, 3, 4, 5].map((amount) => ({ ...purchase('pager', amount), actionType: 'PAGED_PURCHASE' })),
    );
    expect(job).toMatchObject({ status: 'COMPLETED', total: 5, completed: 5 });
    const submitted = (job.results as ActionResult[]).map((result) => result.actionId);

    const firstPage = await client.actions.list({ actionType: 'PAGED_PURCHASE', limit: 2 });
    expect(firstPage.pagination).toMatchObject({ limit: 2, hasMore: true, nextCursor: expect.any(String) });
    const listed: string[] = [];
    for await (const action of client.actions.listAll({ actionType: 'PAGED_PURCHASE', limit: 2 }))
      listed.push(action.actionId);
    expect(listed).toHaveLength(5);
    expect(new Set(listed)).toEqual(new Set(submitted));
    expect(listed.slice(0, 2)).toEqual(firstPage.data.map((action) => action.actionId));
  });

  it('maps error envelopes: a wrong HMAC secret is INVALID_SIGNATURE, a failed action carries its result', async () => {
    const wrongSecret = new SirPartnerClient({
      baseUrl: apiUrl,
      secretKey: partner.sandbox.partnerKey,
      hmacSecret: 'not-the-secret',
    });
    const error = await rejectionOf(wrongSecret.users.list());
    expect(error).toMatchObject({ status: 401, code: 'INVALID_SIGNATURE', requestId: expect.any(String) });
    expect(error.message).toContain('X-Signature');

    const failed = await rejectionOf(client.actions.submit({ ...purchase('buyer', 5), campaignId: 'cmp_missing' }));
    expect(failed).toMatchObject({
      status: 422,
      code: 'CAMPAIGN_NOT_ACTIVE',
      details: { status: 'FAILED', tokensDistributed: 0 },
    });
  });

  it('redeems tokens and reads the redemption back', async () => {
    await client.actions.submit(purchase('giver', 30));
    const redemption = await client.redemptions.redeem('giver', {
      idempotencyKey: 'gift_1',
      tokens: 10,
      organizationSlug: 'american-red-cross',
    });
    expect(redemption).toMatchObject({ partnerUserId: 'giver', tokens: 10, status: 'COMPLETED' });
    expect(await client.redemptions.get(redemption.redemptionId)).toEqual(redemption);
    expect((await client.redemptions.listForUser('giver')).data).toEqual([redemption]);
    expect(await client.users.balance('giver')).toMatchObject({ balance: 20, totalSpent: 10 });
  });

  it('reads pools, the dashboard and campaigns with the secret key, and the widget with the publishable key', async () => {
    const [pool] = (await client.tokenPools.list()).data;
    expect(await client.tokenPools.balance(pool!.id)).toMatchObject({ poolId: pool!.id, status: 'ACTIVE' });
    expect((await client.dashboard.summary()).pools).toMatchObject({ count: 1, active: 1 });
    const campaign = await client.campaigns.create({
      name: 'Spring',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      tokenBudget: 500,
      rewardRules: { default: { tokensPerCurrencyUnit: 2 } },
    });
    expect(await client.campaigns.get(campaign.id)).toMatchObject({
      id: campaign.id,
      status: 'DRAFT',
      tokenBudget: 500,
    });

    expect(await client.widget.config()).toMatchObject({ partnerId: partner.partnerId, environment: 'sandbox' });
    expect(await client.widget.organization('american-red-cross')).toMatchObject({ slug: 'american-red-cross' });
    const link = await client.widget.createDonationLink({
      nonprofitSlug: 'american-red-cross',
      amount: 2500,
      currency: 'USD',
      donorEmail: 'jane@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
    });
    expect(await client.widget.donationStatus(link.partnerDonationId)).toMatchObject({
      status: 'PENDING',
      amount: 2500,
      reward: null,
    });
  });
});
