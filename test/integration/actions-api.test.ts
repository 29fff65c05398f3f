import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerInvariants, fundPool, purchase, settledOutcome } from '../support/ledger-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('actions over the real Temporal dev server and PostgreSQL', () => {
  let harness: TemporalApp;
  let t: TestApp;
  let partner: TestPartner;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ t } = harness);
    partner = await t.createPartner();
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  const submit = (who: TestPartner['sandbox'], body: unknown) =>
    t.signed(who, 'POST', '/v1/partner/actions/submit', body);

  it('fails with NO_SANDBOX_POOL before a sandbox pool exists, and the failure is final', async () => {
    const response = await submit(partner.sandbox, purchase('before_pool', 10));
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'NO_SANDBOX_POOL',
      details: { status: 'FAILED', tokensDistributed: 0 },
    });
    await fundPool(t, partner, 1000, 'sandbox', 100);
    const replay = await submit(partner.sandbox, purchase('before_pool', 10));
    expect(replay.json().error.details.actionId).toBe(response.json().error.details.actionId);
  });

  it('fails production actions with "No active token pool found"', async () => {
    const response = await submit(partner.production, purchase('live_1', 10));
    expect(response.json().error).toMatchObject({ code: 'NO_ACTIVE_POOL', message: 'No active token pool found' });
  });

  it('completes the spec scenario: 49.99 USD rewards 50 tokens, answered synchronously', async () => {
    const response = await submit(
      partner.sandbox,
      purchase('purchase_98765', 49.99, 'user_42', { metadata: { orderId: '98765' } }),
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      actionId: expect.stringMatching(/^act_/),
      idempotencyKey: 'purchase_98765',
      status: 'COMPLETED',
      tokensDistributed: 50,
      transactionIds: [expect.stringMatching(/^txn_/)],
    });

    const action = await t.signed(partner.sandbox, 'GET', `/v1/partner/actions/${body.actionId}`);
    expect(action.json()).toMatchObject({
      status: 'COMPLETED',
      actionType: 'PURCHASE',
      amount: 49.99,
      currency: 'USD',
      metadata: { orderId: '98765' },
      stakeholders: [{ partnerUserId: 'user_42', tokens: 50 }],
    });
    const user = await t.signed(partner.sandbox, 'GET', '/v1/partner/users/user_42');
    expect(user.json().email).toBe('user_42@example.com');
  });

  it('returns the original result for the same key and writes nothing more', async () => {
    const first = (await submit(partner.sandbox, purchase('same_key', 20))).json();
    const countBefore = await t.database.db.selectFrom('ledger_transactions').select('id').execute();
    const again = await submit(partner.sandbox, purchase('same_key', 20));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first);
    const countAfter = await t.database.db.selectFrom('ledger_transactions').select('id').execute();
    expect(countAfter.length).toBe(countBefore.length);
  });

  it('refuses the same key with a different body with 422 and writes nothing', async () => {
    await submit(partner.sandbox, purchase('conflict_key', 20));
    const eventsBefore = (await t.database.db.selectFrom('events').select('id').execute()).length;
    const response = await submit(partner.sandbox, purchase('conflict_key', 21));
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await t.database.db.selectFrom('events').select('id').execute()).length).toBe(eventsBefore);
  });

  it('fails unknown users without autoCreateUsers with USER_NOT_FOUND', async () => {
    const response = await submit(partner.sandbox, purchase('no_user', 5, 'ghost', { autoCreateUsers: false }));
    expect(response.json().error).toMatchObject({ code: 'USER_NOT_FOUND', details: { status: 'FAILED' } });
    expect((await t.signed(partner.sandbox, 'GET', '/v1/partner/users/ghost')).statusCode).toBe(404);
  });

  it('fails a campaign action while campaigns are not active with CAMPAIGN_NOT_ACTIVE', async () => {
    const response = await submit(partner.sandbox, purchase('with_campaign', 5, 'user_42', { campaignId: 'cmp_none' }));
    expect(response.json().error.code).toBe('CAMPAIGN_NOT_ACTIVE');
  });

  it('records action.completed, transaction.completed and user.created in the outbox with the request id', async () => {
    const response = await submit(partner.sandbox, purchase('evented', 3, 'evented_user'));
    const { actionId } = response.json();
    const events = await t.database.db
      .selectFrom('events')
      .selectAll()
      .where('request_id', '=', response.headers['request-id'] as string)
      .orderBy('created_at')
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['action.completed', 'transaction.completed', 'user.created']);
    expect(events.find((e) => e.type === 'action.completed')?.data).toMatchObject({ actionId, tokensDistributed: 3 });
  });

  it('reports ready when the database and Temporal answer', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: true, temporal: true } });
  });

  it('lists actions with filters and pagination', async () => {
    const all = await t.signed(partner.sandbox, 'GET', '/v1/partner/actions?limit=2');
    expect(all.json().data).toHaveLength(2);
    expect(all.json().pagination.hasMore).toBe(true);
    const failed = await t.signed(partner.sandbox, 'GET', '/v1/partner/actions?status=FAILED');
    expect(failed.json().data.every((a: { status: string }) => a.status === 'FAILED')).toBe(true);
    const byUser = await t.signed(partner.sandbox, 'GET', '/v1/partner/actions?partnerUserId=evented_user');
    expect(byUser.json().data.map((a: { idempotencyKey: string }) => a.idempotencyKey)).toEqual(['evented']);
  });

  it('never overdraws a pool under 50 concurrent submits: exactly 30 of 50 complete', async () => {
    const other = await t.createPartner();
    const pool = await fundPool(t, other, 300);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => submit(other.sandbox, purchase(`burst_${i}`, 10, `burst_user_${i % 7}`))),
    );
    const statuses = await Promise.all(responses.map((response) => settledOutcome(t, other.sandbox, response)));
    expect(statuses.filter((s) => s === 'COMPLETED')).toHaveLength(30);
    expect(statuses.filter((s) => s === 'INSUFFICIENT_POOL_BALANCE')).toHaveLength(20);
    const balance = await t.signed(other.sandbox, 'GET', `/v1/partner/token-pools/${pool.id}/balance`);
    expect(balance.json()).toMatchObject({ balance: 0 });
    const depleted = await t.database.db
      .selectFrom('events')
      .select('type')
      .where('partner_id', '=', other.partnerId)
      .where('type', '=', 'token_pool.depleted')
      .execute();
    expect(depleted).toHaveLength(1);
  });
});

describe('health endpoints', () => {
  it('reports not ready when Temporal is unreachable, and live all the same', async () => {
    const t = await createTestApp();
    try {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: true, temporal: false } });
    } finally {
      await t.close();
    }
  });
});
