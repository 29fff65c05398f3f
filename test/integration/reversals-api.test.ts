import { WorkflowNotFoundError } from '@temporalio/client';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { poolBalance, reversal, reverse, userLedger } from '../support/reversal-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TemporalStack } from '../support/temporal-stack.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('reversals over the real Temporal dev server and PostgreSQL', () => {
  let harness: TemporalApp;
  let stack: TemporalStack;
  let t: TestApp;
  let partner: TestPartner;
  let poolId: string;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ stack, t } = harness);
    partner = await t.createPartner();
    poolId = (await fundPool(t, partner, 10_000)).id;
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  async function completedAction(key: string, body: unknown = purchase(key, 40, `${key}_user`)): Promise<string> {
    const response = await t.signed(partner.sandbox, 'POST', '/v1/partner/actions/submit', body);
    expect(response.json().status).toBe('COMPLETED');
    return response.json().actionId;
  }
  const ledgerRows = async () => (await t.database.db.selectFrom('ledger_transactions').select('id').execute()).length;
  const eventRows = async () => (await t.database.db.selectFrom('events').select('id').execute()).length;

  it('reverses a whole action: every token back in the pool, and the events in the outbox', async () => {
    const actionId = await completedAction('full');
    const poolBefore = await poolBalance(t, partner, poolId);
    const response = await reverse(t, partner.sandbox, actionId, reversal('refund_full', 100));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      reversalId: expect.stringMatching(/^rev_/),
      actionId,
      refundIdempotencyKey: 'refund_full',
      status: 'COMPLETED',
      reversalPercentage: 100,
      tokensReversed: 40,
      tokensReturned: 40,
      debtCreated: 0,
      transactionIds: [expect.stringMatching(/^txn_/)],
    });
    expect(await poolBalance(t, partner, poolId)).toBe(poolBefore + 40);
    expect(await userLedger(t.database.db, partner, 'full_user')).toEqual({ balance: 0, debt: 0 });
    const action = (await t.signed(partner.sandbox, 'GET', `/v1/partner/actions/${actionId}`)).json();
    expect(action).toMatchObject({
      status: 'COMPLETED',
      tokensDistributed: 40,
      tokensReversed: 40,
      reversedPercentage: 100,
    });

    const events = await t.database.db
      .selectFrom('events')
      .selectAll()
      .where('request_id', '=', response.headers['request-id'] as string)
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['action.reversed', 'transaction.reversed']);
    expect(events.find((e) => e.type === 'action.reversed')?.data).toMatchObject({
      actionId,
      reversalId: body.reversalId,
      reversalPercentage: 100,
      reversedPercentage: 100,
      tokensReversed: 40,
      tokensReturned: 40,
      debtCreated: 0,
      reason: 'Order refunded',
    });
    expect(events.find((e) => e.type === 'transaction.reversed')?.data).toEqual({
      transactionId: body.transactionIds[0],
      actionId,
      reversalId: body.reversalId,
      partnerUserId: 'full_user',
      poolId,
      tokens: 40,
      tokensReturned: 40,
      debtCreated: 0,
      reversedTransactionIds: action.transactionIds,
    });
  });

  it('adds partial reversals up to exactly the credit, then refuses more without starting a workflow', async () => {
    const actionId = await completedAction('partial', purchase('partial', 50, 'partial_user'));
    const first = (await reverse(t, partner.sandbox, actionId, reversal('refund_30', 30))).json();
    expect(first).toMatchObject({
      status: 'COMPLETED',
      reversalPercentage: 30,
      tokensReversed: 15,
      tokensReturned: 15,
    });
    const second = (await reverse(t, partner.sandbox, actionId, reversal('refund_70', 70))).json();
    expect(second).toMatchObject({
      status: 'COMPLETED',
      reversalPercentage: 70,
      tokensReversed: 35,
      tokensReturned: 35,
    });
    expect(await userLedger(t.database.db, partner, 'partial_user')).toEqual({ balance: 0, debt: 0 });

    const third = await reverse(t, partner.sandbox, actionId, reversal('refund_more', 1));
    expect(third.statusCode).toBe(422);
    expect(third.json().error).toMatchObject({
      code: 'REVERSAL_LIMIT_EXCEEDED',
      details: { status: 'FAILED', tokensReversed: 0, transactionIds: [] },
    });
    const workflowId = workflowIds.reversal(partner.partnerId, 'sandbox', 'refund_more');
    await expect(stack.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const action = (await t.signed(partner.sandbox, 'GET', `/v1/partner/actions/${actionId}`)).json();
    expect(action).toMatchObject({ tokensReversed: 50, reversedPercentage: 100 });
  });

  it('lets only one of two concurrent 60% reversals through', async () => {
    const actionId = await completedAction('racing');
    const responses = await Promise.all(
      ['race_a', 'race_b'].map((key) => reverse(t, partner.sandbox, actionId, reversal(key, 60))),
    );
    const outcomes = responses.map((r) => r.json().status ?? r.json().error.code).sort();
    expect(outcomes).toEqual(['COMPLETED', 'REVERSAL_LIMIT_EXCEEDED']);
    expect((await t.signed(partner.sandbox, 'GET', `/v1/partner/actions/${actionId}`)).json()).toMatchObject({
      tokensReversed: 24,
      reversedPercentage: 60,
    });
  });

  it('returns the original result for the same refundIdempotencyKey and writes nothing more', async () => {
    const actionId = await completedAction('replayed');
    const first = await reverse(t, partner.sandbox, actionId, reversal('refund_replayed', 25));
    const [ledgerBefore, eventsBefore] = [await ledgerRows(), await eventRows()];
    const again = await reverse(t, partner.sandbox, actionId, reversal('refund_replayed', 25));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect([await ledgerRows(), await eventRows()]).toEqual([ledgerBefore, eventsBefore]);
  });

  it('refuses the same key with another body, or for another action, with 422 and writes nothing', async () => {
    const actionId = await completedAction('conflicting');
    const otherActionId = await completedAction('conflicting_other');
    await reverse(t, partner.sandbox, actionId, reversal('refund_conflict', 10));
    const [ledgerBefore, eventsBefore] = [await ledgerRows(), await eventRows()];
    for (const [id, body] of [
      [actionId, reversal('refund_conflict', 20)],
      [actionId, reversal('refund_conflict', 10, 'Other reason')],
      [otherActionId, reversal('refund_conflict', 10)],
    ] as const) {
      const response = await reverse(t, partner.sandbox, id, body);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { actionId } });
    }
    expect([await ledgerRows(), await eventRows()]).toEqual([ledgerBefore, eventsBefore]);
  });

  it('refuses an action that did not complete with NOT_REVERSIBLE', async () => {
    const failed = await t.signed(
      partner.sandbox,
      'POST',
      '/v1/partner/actions/submit',
      purchase('failed_action', 5, 'ghost', { autoCreateUsers: false }),
    );
    const actionId = failed.json().error.details.actionId;
    const response = await reverse(t, partner.sandbox, actionId, reversal('refund_failed', 100));
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'NOT_REVERSIBLE', details: { actionId, status: 'FAILED' } });
  });

  it("answers 404 for an unknown action and for another partner's or environment's action", async () => {
    const actionId = await completedAction('private');
    const other = await t.createPartner();
    for (const [credentials, id] of [
      [other.sandbox, actionId],
      [partner.production, actionId],
      [partner.sandbox, 'act_unknown'],
    ] as const) {
      const response = await reverse(t, credentials, id, reversal('refund_private', 100));
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect(await userLedger(t.database.db, partner, 'private_user')).toEqual({ balance: 40, debt: 0 });
  });

  it('reverses each stakeholder of a multi-stakeholder action in its own transaction', async () => {
    const body = purchase('shared', 21, 'shared_a', {
      stakeholders: [
        { stakeholderTypeCode: 'CUSTOMER', partnerUserId: 'shared_a' },
        { stakeholderTypeCode: 'REFERRER', partnerUserId: 'shared_b' },
      ],
    });
    const actionId = await completedAction('shared', body);
    const half = (await reverse(t, partner.sandbox, actionId, reversal('refund_shared_1', 50))).json();
    expect(half).toMatchObject({ tokensReversed: 10, tokensReturned: 10, debtCreated: 0 });
    expect(half.transactionIds).toHaveLength(2);
    const rest = (await reverse(t, partner.sandbox, actionId, reversal('refund_shared_2', 50))).json();
    expect(rest).toMatchObject({ tokensReversed: 11, tokensReturned: 11 });
    expect(await userLedger(t.database.db, partner, 'shared_a')).toEqual({ balance: 0, debt: 0 });
    expect(await userLedger(t.database.db, partner, 'shared_b')).toEqual({ balance: 0, debt: 0 });
    const reversed = await t.database.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'transaction.reversed')
      .where(sql<boolean>`data->>'actionId' = ${actionId}`)
      .execute();
    expect(reversed.map((e) => [e.data.partnerUserId, e.data.tokens]).sort()).toEqual([
      ['shared_a', 5],
      ['shared_a', 6],
      ['shared_b', 5],
      ['shared_b', 5],
    ]);
  });

  it('answers 202 while the workflow runs, and the same key later returns the final result', async () => {
    const impatient = await createTestApp({ database: t.database, temporal: stack.client, actionSyncWaitMs: 0 });
    try {
      const who = await impatient.createPartner();
      await fundPool(impatient, who, 100);
      const actionId = (
        await impatient.signed(who.sandbox, 'POST', '/v1/partner/actions/submit', purchase('slow', 10))
      ).json().actionId;
      await stack.client.workflow.getHandle(workflowIds.action(who.partnerId, 'sandbox', 'slow')).result();
      const accepted = await reverse(impatient, who.sandbox, actionId, reversal('refund_slow', 100));
      expect(accepted.statusCode).toBe(202);
      expect(accepted.json()).toMatchObject({ actionId, status: 'PROCESSING', tokensReversed: 0, transactionIds: [] });
      await stack.client.workflow.getHandle(workflowIds.reversal(who.partnerId, 'sandbox', 'refund_slow')).result();
      const final = await reverse(impatient, who.sandbox, actionId, reversal('refund_slow', 100));
      expect(final.statusCode).toBe(200);
      expect(final.json()).toMatchObject({
        reversalId: accepted.json().reversalId,
        status: 'COMPLETED',
        tokensReversed: 10,
      });
    } finally {
      await impatient.app.close();
    }
  });
});
