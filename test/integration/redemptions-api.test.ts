import { WorkflowNotFoundError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { requestFingerprint } from '../../src/actions/action-fingerprint.js';
import { claimRedemption } from '../../src/redemptions/redemption-repository.js';
import type { RedemptionView } from '../../src/redemptions/redemption-types.js';
import { SirEnvironment, SirPartnerId } from '../../src/temporal/contract/search-attributes.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { testActivityDependencies } from '../support/activity-deps.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { poolBalance, reversal, reverse, userLedger } from '../support/reversal-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TemporalStack } from '../support/temporal-stack.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

const gift = (idempotencyKey: string, tokens: number, extra: Record<string, unknown> = {}) => ({
  idempotencyKey,
  tokens,
  organizationSlug: 'feeding-america',
  ...extra,
});

describe('redemptions over the real Temporal dev server and PostgreSQL', () => {
  let harness: TemporalApp;
  let stack: TemporalStack;
  let t: TestApp;
  let partner: TestPartner;
  let poolId: string;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ stack, t } = harness);
    partner = await t.createPartner();
    poolId = (await fundPool(t, partner, 100_000)).id;
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  const redeem = (externalId: string, body: unknown, app: TestApp = t, credentials = partner.sandbox) =>
    app.signed(credentials, 'POST', `/v1/partner/users/${externalId}/redemptions`, body);
  async function reward(key: string, tokens: number, externalId: string): Promise<string> {
    const response = await t.signed(
      partner.sandbox,
      'POST',
      '/v1/partner/actions/submit',
      purchase(key, tokens, externalId),
    );
    expect(response.json()).toMatchObject({ status: 'COMPLETED', tokensDistributed: tokens });
    return response.json().actionId;
  }
  const eventsOf = (requestId: string) =>
    t.database.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .execute();
  const count = async (table: 'ledger_transactions' | 'events' | 'redemptions') =>
    (await t.database.db.selectFrom(table).select('id').execute()).length;
  const workflowOf = (key: string) =>
    stack.client.workflow.getHandle(workflowIds.redemption(partner.partnerId, 'sandbox', key));

  it('approves and completes a redemption: tokens spent, row completed, both events in the outbox', async () => {
    await reward('earn_giver', 50, 'giver');
    const response = await redeem('giver', gift('gift_1', 30, { note: 'In memory of Grandma' }));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      redemptionId: expect.stringMatching(/^rdm_/),
      idempotencyKey: 'gift_1',
      partnerUserId: 'giver',
      tokens: 30,
      organizationSlug: 'feeding-america',
      organizationName: 'Feeding America',
      note: 'In memory of Grandma',
      status: 'COMPLETED',
      transactionId: expect.stringMatching(/^txn_/),
      createdAt: expect.any(String),
      reviewedAt: expect.any(String),
      completedAt: expect.any(String),
    });

    expect(await userLedger(t.database.db, partner, 'giver')).toEqual({ balance: 20, debt: 0 });
    const balance = (await t.signed(partner.sandbox, 'GET', '/v1/partner/users/giver/balance')).json();
    expect(balance).toMatchObject({ balance: 20, totalEarned: 50, totalSpent: 30 });
    const spend = await t.database.db
      .selectFrom('ledger_transactions')
      .selectAll()
      .where('id', '=', body.transactionId)
      .executeTakeFirstOrThrow();
    expect(spend).toMatchObject({
      kind: 'redemption',
      tokens: 30,
      partner_id: partner.partnerId,
      environment: 'sandbox',
    });
    const row = await t.database.db
      .selectFrom('redemptions')
      .selectAll()
      .where('id', '=', body.redemptionId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'COMPLETED',
      tokens: 30,
      transaction_id: body.transactionId,
      rejection_code: null,
    });

    const events = await eventsOf(response.headers['request-id'] as string);
    expect(events.map((e) => e.type)).toEqual(['redemption.approved', 'redemption.completed']);
    expect(events[0]!.data).toMatchObject({ ...body, status: 'APPROVED', completedAt: null });
    expect(events[1]!.data).toEqual(body);

    expect((await t.signed(partner.sandbox, 'GET', `/v1/partner/redemptions/${body.redemptionId}`)).json()).toEqual(
      body,
    );
    const description = await workflowOf('gift_1').describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.taskQueue).toBe('ledger');
    expect(description.typedSearchAttributes.get(SirPartnerId)).toBe(partner.partnerId);
    expect(description.typedSearchAttributes.get(SirEnvironment)).toBe('sandbox');
  });

  it('rejects more tokens than the user holds with 422, a rejection event, and nothing spent', async () => {
    await reward('earn_short', 10, 'short');
    const response = await redeem('short', gift('gift_short', 11));
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      message: 'the user holds 10 tokens, fewer than the 11 requested',
      details: {
        status: 'REJECTED',
        transactionId: null,
        completedAt: null,
        rejection: { code: 'INSUFFICIENT_BALANCE' },
      },
    });
    expect(await userLedger(t.database.db, partner, 'short')).toEqual({ balance: 10, debt: 0 });
    const events = await eventsOf(response.headers['request-id'] as string);
    expect(events).toEqual([{ type: 'redemption.rejected', data: error.details }]);
    expect((await workflowOf('gift_short').describe()).status.name).toBe('COMPLETED');
  });

  it('answers 404 for an unknown or inactive organization and an unknown user, before any row or workflow', async () => {
    await reward('earn_lost', 10, 'lost');
    await t.database.db
      .insertInto('organizations')
      .values({ id: 'org_closed_404', slug: 'closed-charity', name: 'Closed Charity', is_active: false })
      .execute();
    const redemptionsBefore = await count('redemptions');
    for (const [externalId, body, what] of [
      ['lost', gift('gift_nowhere', 5, { organizationSlug: 'no-such-charity' }), 'organization'],
      ['lost', gift('gift_closed', 5, { organizationSlug: 'closed-charity' }), 'organization'],
      ['nobody', gift('gift_nobody', 5), 'user'],
    ] as const) {
      const response = await redeem(externalId, body);
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toEqual({ code: 'NOT_FOUND', message: `${what} not found` });
      await expect(workflowOf(body.idempotencyKey).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    expect(await count('redemptions')).toBe(redemptionsBefore);
    const invalid = await redeem('lost', gift('gift_invalid', 0));
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('VALIDATION_ERROR');
  });

  it('rejects under review an organization that stopped accepting gifts after the request was taken', async () => {
    await reward('earn_late', 10, 'late');
    await t.database.db
      .insertInto('organizations')
      .values({ id: 'org_closing', slug: 'closing-charity', name: 'Closing Charity' })
      .execute();
    const request = gift('gift_late', 5, { organizationSlug: 'closing-charity' });
    const user = await t.database.db
      .selectFrom('partner_users')
      .select('id')
      .where('partner_id', '=', partner.partnerId)
      .where('external_id', '=', 'late')
      .executeTakeFirstOrThrow();
    const scope = { partnerId: partner.partnerId, environment: 'sandbox' as const };
    await claimRedemption(t.database.db, scope, {
      partnerUserId: user.id,
      organizationId: 'org_closing',
      request,
      fingerprint: requestFingerprint({ partnerUserId: 'late', ...request }),
      requestId: null,
    });
    await t.database.db
      .updateTable('organizations')
      .set({ is_active: false })
      .where('id', '=', 'org_closing')
      .execute();

    // The key is taken, so the same request is answered from its row and reviewed now.
    const response = await redeem('late', request);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'ORGANIZATION_NOT_ACTIVE',
      details: { status: 'REJECTED', organizationSlug: 'closing-charity' },
    });
    expect(await userLedger(t.database.db, partner, 'late')).toEqual({ balance: 10, debt: 0 });
  });

  it('returns the same redemption for the same key and refuses the key with another body or user', async () => {
    await reward('earn_again', 40, 'again');
    await reward('earn_other', 40, 'again_other');
    const first = await redeem('again', gift('gift_again', 15));
    expect(first.statusCode).toBe(200);
    const [ledgerBefore, eventsBefore] = [await count('ledger_transactions'), await count('events')];
    const replay = await redeem('again', gift('gift_again', 15));
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    for (const [externalId, body] of [
      ['again', gift('gift_again', 16)],
      ['again', gift('gift_again', 15, { note: 'changed' })],
      ['again', gift('gift_again', 15, { organizationSlug: 'american-red-cross' })],
      ['again_other', gift('gift_again', 15)],
    ] as const) {
      const response = await redeem(externalId, body);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        details: { redemptionId: first.json().redemptionId },
      });
    }
    expect([await count('ledger_transactions'), await count('events')]).toEqual([ledgerBefore, eventsBefore]);
    expect(await userLedger(t.database.db, partner, 'again')).toEqual({ balance: 25, debt: 0 });
  });

  it('never overdraws one balance when several redemptions race for it', async () => {
    await reward('earn_race', 100, 'racer');
    const responses = await Promise.all([1, 2, 3, 4, 5].map((n) => redeem('racer', gift(`gift_race_${n}`, 30))));
    const outcomes = responses.map((r) => r.json().status ?? r.json().error.code).sort();
    expect(outcomes).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'INSUFFICIENT_BALANCE', 'INSUFFICIENT_BALANCE']);
    expect(await userLedger(t.database.db, partner, 'racer')).toEqual({ balance: 10, debt: 0 });
    const spent = await t.database.db
      .selectFrom('redemptions')
      .select('tokens')
      .where('status', '=', 'COMPLETED')
      .where('idempotency_key', 'like', 'gift_race_%')
      .execute();
    expect(spent.reduce((sum, r) => sum + r.tokens, 0)).toBe(90);
    const events = await t.database.db
      .selectFrom('events')
      .select('type')
      .where(sql<boolean>`data->>'idempotencyKey' like 'gift_race_%'`)
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual([
      ...Array<string>(3).fill('redemption.approved'),
      ...Array<string>(3).fill('redemption.completed'),
      ...Array<string>(2).fill('redemption.rejected'),
    ]);
  });

  it('makes reversal debt real: spent tokens become debt, which blocks spending until a reward repays it', async () => {
    const actionId = await reward('earn_debtor', 50, 'debtor');
    expect((await redeem('debtor', gift('gift_debtor_all', 50))).json().status).toBe('COMPLETED');
    const poolBefore = await poolBalance(t, partner, poolId);

    const reversed = await reverse(t, partner.sandbox, actionId, reversal('refund_debtor', 100));
    expect(reversed.json()).toMatchObject({
      status: 'COMPLETED',
      tokensReversed: 50,
      tokensReturned: 0,
      debtCreated: 50,
    });
    expect(await userLedger(t.database.db, partner, 'debtor')).toEqual({ balance: 0, debt: 50 });
    expect(await poolBalance(t, partner, poolId)).toBe(poolBefore);

    const blocked = await redeem('debtor', gift('gift_debtor_blocked', 1));
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error).toMatchObject({
      code: 'OUTSTANDING_DEBT',
      details: { status: 'REJECTED', transactionId: null },
    });

    const next = (
      await t.signed(partner.sandbox, 'POST', '/v1/partner/actions/submit', purchase('earn_debtor_again', 80, 'debtor'))
    ).json();
    const action = (await t.signed(partner.sandbox, 'GET', `/v1/partner/actions/${next.actionId}`)).json();
    expect(action.stakeholders).toEqual([
      expect.objectContaining({ partnerUserId: 'debtor', tokens: 80, debtRepaid: 50 }),
    ]);
    expect(await userLedger(t.database.db, partner, 'debtor')).toEqual({ balance: 30, debt: 0 });
    expect(await poolBalance(t, partner, poolId)).toBe(poolBefore - 80 + 50);
    expect((await redeem('debtor', gift('gift_debtor_after', 30))).json().status).toBe('COMPLETED');
    expect(await userLedger(t.database.db, partner, 'debtor')).toEqual({ balance: 0, debt: 0 });
  });

  it('lists redemptions newest first, by status and user, a page at a time, within the partner and environment', async () => {
    await reward('earn_lister', 20, 'lister');
    const first = (await redeem('lister', gift('gift_list_1', 5))).json();
    const second = (await redeem('lister', gift('gift_list_2', 6))).json();
    const rejected = (await redeem('lister', gift('gift_list_3', 50))).json().error.details;

    const page1 = (await t.signed(partner.sandbox, 'GET', '/v1/partner/users/lister/redemptions?limit=2')).json();
    expect(page1.data).toEqual([rejected, second]);
    expect(page1.pagination).toMatchObject({ limit: 2, hasMore: true });
    const page2 = (
      await t.signed(
        partner.sandbox,
        'GET',
        `/v1/partner/users/lister/redemptions?limit=2&cursor=${page1.pagination.nextCursor}`,
      )
    ).json();
    expect(page2).toEqual({ data: [first], pagination: { limit: 2, hasMore: false, nextCursor: null } });

    const completed = (
      await t.signed(partner.sandbox, 'GET', '/v1/partner/redemptions?status=COMPLETED&partnerUserId=lister')
    ).json();
    expect(completed.data.map((r: { redemptionId: string }) => r.redemptionId)).toEqual([
      second.redemptionId,
      first.redemptionId,
    ]);
    const userRejected = (
      await t.signed(partner.sandbox, 'GET', '/v1/partner/users/lister/redemptions?status=REJECTED')
    ).json();
    expect(userRejected.data).toEqual([rejected]);
    const all = (await t.signed(partner.sandbox, 'GET', '/v1/partner/redemptions?limit=100')).json();
    expect(all.data.length).toBeGreaterThanOrEqual(3);
    expect(all.data.every((r: { partnerUserId: string }) => typeof r.partnerUserId === 'string')).toBe(true);

    const unknownUser = await t.signed(partner.sandbox, 'GET', '/v1/partner/users/nobody/redemptions');
    expect(unknownUser.statusCode).toBe(404);
    const other = await t.createPartner();
    for (const credentials of [other.sandbox, partner.production]) {
      expect((await t.signed(credentials, 'GET', `/v1/partner/redemptions/${first.redemptionId}`)).statusCode).toBe(
        404,
      );
      expect((await t.signed(credentials, 'GET', '/v1/partner/redemptions')).json().data).toEqual([]);
    }
  });

  it('answers 202 while the workflow runs, and the same key later returns the completed redemption', async () => {
    const impatient = await createTestApp({ database: t.database, temporal: stack.client, actionSyncWaitMs: 0 });
    try {
      await reward('earn_patient', 10, 'patient');
      const accepted = await redeem('patient', gift('gift_patient', 10), impatient);
      expect(accepted.statusCode).toBe(202);
      expect(accepted.json()).toMatchObject({ status: 'PENDING', transactionId: null, reviewedAt: null });
      await workflowOf('gift_patient').result();
      const final = await redeem('patient', gift('gift_patient', 10), impatient);
      expect(final.statusCode).toBe(200);
      expect(final.json()).toMatchObject({ redemptionId: accepted.json().redemptionId, status: 'COMPLETED' });
    } finally {
      await impatient.app.close();
    }
  });

  it('reviews and fulfils once when the activities run again after their commits', async () => {
    await reward('earn_once', 20, 'once');
    const request = gift('gift_once', 8);
    const user = await t.database.db
      .selectFrom('partner_users')
      .select('id')
      .where('partner_id', '=', partner.partnerId)
      .where('external_id', '=', 'once')
      .executeTakeFirstOrThrow();
    const scope = { partnerId: partner.partnerId, environment: 'sandbox' as const };
    const row = await claimRedemption(t.database.db, scope, {
      partnerUserId: user.id,
      organizationId: 'org_feeding_america',
      request,
      fingerprint: requestFingerprint({ partnerUserId: 'once', ...request }),
      requestId: null,
    });
    const { reviewRedemption, fulfilRedemption } = createActivities(testActivityDependencies(t.database.db));

    const approved = (await new MockActivityEnvironment({ attempt: 1 }).run(reviewRedemption, {
      redemptionId: row.id,
    })) as RedemptionView;
    expect(await new MockActivityEnvironment({ attempt: 2 }).run(reviewRedemption, { redemptionId: row.id })).toEqual(
      approved,
    );
    const completed = await new MockActivityEnvironment({ attempt: 1 }).run(fulfilRedemption, { redemptionId: row.id });
    expect(await new MockActivityEnvironment({ attempt: 2 }).run(fulfilRedemption, { redemptionId: row.id })).toEqual(
      completed,
    );
    // A review retried after fulfilment reports the completed redemption, so a workflow skips fulfilling it again.
    expect(await new MockActivityEnvironment({ attempt: 3 }).run(reviewRedemption, { redemptionId: row.id })).toEqual(
      completed,
    );

    expect(approved).toMatchObject({ status: 'APPROVED', tokens: 8, transactionId: expect.stringMatching(/^txn_/) });
    expect(completed).toMatchObject({ status: 'COMPLETED', transactionId: approved.transactionId });
    expect(await userLedger(t.database.db, partner, 'once')).toEqual({ balance: 12, debt: 0 });
    const spends = await t.database.db
      .selectFrom('ledger_transactions')
      .select('id')
      .where('partner_user_id', '=', user.id)
      .where('kind', '=', 'redemption')
      .execute();
    expect(spends).toEqual([{ id: approved.transactionId }]);
    const events = await t.database.db
      .selectFrom('events')
      .select('type')
      .where(sql<boolean>`data->>'redemptionId' = ${row.id}`)
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['redemption.approved', 'redemption.completed']);
  });
});
