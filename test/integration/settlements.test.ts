import type { WorkflowHandle } from '@temporalio/client';
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyAction, applyActions } from '../../src/actions/apply-action.js';
import { createActionSubmission, type ActionSubmission } from '../../src/actions/action-submission.js';
import type { ActionResult } from '../../src/actions/action-types.js';
import { actionResult } from '../../src/actions/action-view.js';
import { createBulkSubmission } from '../../src/actions/bulk-submission.js';
import type { BulkWorkflows } from '../../src/temporal/client/bulk-workflows.js';
import { fulfilRedemption } from '../../src/redemptions/fulfil-redemption.js';
import { createRedemptionSubmission } from '../../src/redemptions/redemption-submission.js';
import { reviewRedemption } from '../../src/redemptions/review-redemption.js';
import { applyReversal } from '../../src/reversals/apply-reversal.js';
import { createReversalSubmission } from '../../src/reversals/reversal-submission.js';
import { createSettlementListener, notifySettled, type SettlementListener } from '../../src/ledger/settlements.js';
import type { ActionWorkflows } from '../../src/temporal/client/action-workflows.js';
import type { RedemptionWorkflows } from '../../src/temporal/client/redemption-workflows.js';
import type { ReversalWorkflows } from '../../src/temporal/client/reversal-workflows.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('answering submits, reversals and redemptions from the ledger commit (real PostgreSQL)', () => {
  let t: TestApp;
  let partner: TestPartner;
  let listener: SettlementListener;
  let submit: ActionSubmission;
  const listenerErrors: Error[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
    await fundPool(t, partner, 1000);
    listener = createSettlementListener({
      connectionString: t.database.url,
      onError: (error) => listenerErrors.push(error),
    });
    submit = createActionSubmission({
      db: t.database.db,
      workflows: workflowNeverAnswering,
      syncWaitMs: 5_000,
      settlements: listener,
    });
  });
  afterAll(async () => {
    await listener.close();
    await t.close();
  });

  const scope = () => ({ partnerId: partner.partnerId, environment: 'sandbox' as const });
  const applying: Promise<unknown>[] = [];
  /** Orchestration isolated: start applies the action as the ledger worker would, and the workflow's result never comes in time. */
  const workflowNeverAnswering: ActionWorkflows = {
    start: async (action) => {
      applying.push(applyAction(t.database.db, action.id));
      return { run: {} as WorkflowHandle, anew: true };
    },
    resultWithin: (_handle, waitMs) => sleep(waitMs).then(() => null),
  };
  /** A bulk job's start as the ledger worker would run it: applies the job's registered actions. */
  const applyBulkItems: BulkWorkflows['start'] = async ({ items }) => {
    applying.push(
      applyActions(
        t.database.db,
        items.flatMap((item) => ('actionId' in item ? [item.actionId] : [])),
      ),
    );
    return {} as WorkflowHandle;
  };
  const storedResult = async (actionId: string) =>
    actionResult(
      await t.database.db.selectFrom('actions').selectAll().where('id', '=', actionId).executeTakeFirstOrThrow(),
    );
  const resultFor = (actionId: string): ActionResult => ({
    actionId,
    idempotencyKey: actionId,
    status: 'COMPLETED',
    tokensDistributed: 1,
    transactionIds: [],
  });
  const settled = (actionId: string) => ({ id: actionId, result: resultFor(actionId) });
  /** The answer if it comes well before the workflow's (which the isolated orchestration never gives in time). */
  const fromCommit = <T>(answer: Promise<T>) =>
    Promise.race([answer, sleep(2_000).then(() => 'no answer from the commit')]);
  const listening = async () =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from pg_stat_activity where application_name = 'sir-settlement-listener' and state = 'idle' and query like 'select pg_notify%' and datname = current_database()`.execute(
          t.database.db,
        )
      ).rows[0]!.n,
    );

  it('answers with the committed result, completed or failed, before the workflow records its own', async () => {
    await vi.waitFor(async () => expect(await listening()).toBe(1));
    const completed = await submit(scope(), purchase('settled_completed', 10), 'req_settled_1');
    expect(completed).toEqual({ httpStatus: 200, result: await storedResult(completed.result.actionId) });
    expect(completed.result).toMatchObject({
      status: 'COMPLETED',
      tokensDistributed: 10,
      transactionIds: [expect.stringMatching(/^txn_/)],
    });

    const failed = await submit(scope(), purchase('settled_failed', 5000), 'req_settled_2');
    expect(failed).toEqual({ httpStatus: 422, result: await storedResult(failed.result.actionId) });
    expect(failed.result.failure?.code).toBe('INSUFFICIENT_POOL_BALANCE');
    await Promise.all(applying);
    await expectLedgerInvariants(t);
  });

  it('answers a reversal with its committed result before the workflow records its own', async () => {
    const reversals: ReversalWorkflows = {
      start: async (reversal) => {
        applying.push(applyReversal(t.database.db, reversal.id));
        return {} as WorkflowHandle;
      },
      resultWithin: (_handle, waitMs) => sleep(waitMs).then(() => null),
    };
    const reverse = createReversalSubmission({
      db: t.database.db,
      workflows: reversals,
      syncWaitMs: 5_000,
      settlements: listener,
    });
    const rewarded = await submit(scope(), purchase('settled_reversed', 10, 'reversed_user'), 'req_settled_3');
    const answer = await fromCommit(
      reverse(
        scope(),
        rewarded.result.actionId,
        { reversalPercentage: 50, reason: 'refund', refundIdempotencyKey: 'settled_refund' },
        'req_settled_4',
      ),
    );
    expect(answer).toMatchObject({
      httpStatus: 200,
      result: { status: 'COMPLETED', tokensReturned: 5, transactionIds: [expect.stringMatching(/^txn_/)] },
    });
    await Promise.all(applying);
    await expectLedgerInvariants(t);
  });

  it('answers a redemption with its committed final result, completed or rejected, but not with its approval', async () => {
    const redemptions: RedemptionWorkflows = {
      start: async (redemption) => {
        // Both steps, as the workflow runs them: the approval commits first and must not answer.
        const steps = async () => {
          const reviewed = await reviewRedemption(t.database.db, redemption.id);
          if (reviewed.status !== 'APPROVED') return;
          await sleep(100);
          await fulfilRedemption(t.database.db, redemption.id);
        };
        applying.push(steps());
        return {} as WorkflowHandle;
      },
      resultWithin: (_handle, waitMs) => sleep(waitMs).then(() => null),
    };
    const redeem = createRedemptionSubmission({
      db: t.database.db,
      workflows: redemptions,
      syncWaitMs: 5_000,
      settlements: listener,
    });
    await submit(scope(), purchase('settled_redeemer', 10, 'redeemer'), 'req_settled_5');
    const gift = (idempotencyKey: string, tokens: number) => ({
      idempotencyKey,
      tokens,
      organizationSlug: 'feeding-america',
    });
    const completed = await fromCommit(redeem(scope(), 'redeemer', gift('settled_gift', 4), 'req_settled_6'));
    expect(completed).toMatchObject({
      httpStatus: 200,
      result: { status: 'COMPLETED', tokens: 4, transactionId: expect.stringMatching(/^txn_/) },
    });
    const rejected = await fromCommit(redeem(scope(), 'redeemer', gift('settled_gift_too_big', 400), 'req_settled_7'));
    expect(rejected).toMatchObject({
      httpStatus: 422,
      result: { status: 'REJECTED', rejection: { code: 'INSUFFICIENT_BALANCE' } },
    });
    await Promise.all(applying);
    await expectLedgerInvariants(t);
  });

  it('answers a bulk job once its actions have committed, one result per item in order', async () => {
    const bulkJobs: BulkWorkflows = {
      start: applyBulkItems,
      resultWithin: (_handle, waitMs) => sleep(waitMs).then(() => null),
    };
    const submitBulk = createBulkSubmission({
      db: t.database.db,
      workflows: bulkJobs,
      syncWaitMs: 5_000,
      settlements: listener,
    });
    const replayed = await submit(scope(), purchase('settled_bulk_replayed', 3), 'req_settled_8');
    const answer = await fromCommit(
      submitBulk(
        scope(),
        [purchase('settled_bulk_1', 2), purchase('settled_bulk_replayed', 3), purchase('settled_bulk_2', 4)],
        'req_settled_9',
      ),
    );
    expect(answer).toMatchObject({
      httpStatus: 200,
      job: {
        status: 'COMPLETED',
        total: 3,
        completed: 3,
        failed: 0,
        results: [
          { idempotencyKey: 'settled_bulk_1', status: 'COMPLETED' },
          replayed.result,
          { idempotencyKey: 'settled_bulk_2', status: 'COMPLETED' },
        ],
      },
    });
    await Promise.all(applying);
    await expectLedgerInvariants(t);
  });

  it('hears nothing of a transaction that rolled back', async () => {
    const rolledBack = listener.waitFor<ActionResult>('act_rolled_back');
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await notifySettled(trx, [settled('act_rolled_back')]);
        throw new Error('rolled back');
      })
      .catch(() => {});
    // Notifications arrive in commit order: once a later one is heard, the rolled-back one never will be.
    const later = listener.waitFor<ActionResult>('act_committed_later');
    await t.database.db.transaction().execute((trx) => notifySettled(trx, [settled('act_committed_later')]));
    expect(await later.result).toEqual(resultFor('act_committed_later'));
    expect(await Promise.race([rolledBack.result.then(() => 'heard'), sleep(50).then(() => 'not heard')])).toBe(
      'not heard',
    );
    rolledBack.cancel();
  });

  it('reports a lost connection and listens again on the next wait', async () => {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'sir-settlement-listener' and datname = current_database()`.execute(
      t.database.db,
    );
    await vi.waitFor(() => expect(listenerErrors).toHaveLength(1));
    const next = listener.waitFor<ActionResult>('act_after_reconnect');
    await vi.waitFor(async () => expect(await listening()).toBe(1));
    await t.database.db.transaction().execute((trx) => notifySettled(trx, [settled('act_after_reconnect')]));
    expect(await next.result).toEqual(resultFor('act_after_reconnect'));
  });
  /** Orchestration isolated: `applies` says whether start applies the action, `anew` whether it started the run. */
  const polledWorkflow = ({ applies, anew }: { applies: boolean; anew: boolean }) => {
    const polls: number[] = [];
    const workflows: ActionWorkflows = {
      start: async (action) => {
        if (applies) applying.push(applyAction(t.database.db, action.id));
        return { run: {} as WorkflowHandle, anew };
      },
      resultWithin: async (_handle, waitMs) => {
        polls.push(waitMs);
        return resultFor('act_from_the_workflow');
      },
    };
    const submitTo = createActionSubmission({ db: t.database.db, workflows, syncWaitMs: 5_000, settlements: listener });
    return { polls, submit: submitTo };
  };

  it('answers a reward whose run it started from the commit alone, without asking the workflow for its result', async () => {
    await vi.waitFor(async () => expect(await listening()).toBe(1));
    const { polls, submit: submitStarted } = polledWorkflow({ applies: true, anew: true });
    const answer = await submitStarted(scope(), purchase('settled_unpolled', 6), 'req_settled_10');
    expect(answer).toEqual({ httpStatus: 200, result: await storedResult(answer.result.actionId) });
    expect(polls).toEqual([]);
    await Promise.all(applying);
  });

  it("asks for the workflow's result when the run was already going, whose commit may have come before the wait", async () => {
    await vi.waitFor(async () => expect(await listening()).toBe(1));
    const { polls, submit: submitFound } = polledWorkflow({ applies: false, anew: false });
    const answer = await fromCommit(submitFound(scope(), purchase('settled_found_run', 6), 'req_settled_11'));
    expect(answer).toEqual({ httpStatus: 200, result: resultFor('act_from_the_workflow') });
    expect(polls).toEqual([5_000]);
  });

  it('answers a bulk job whose actions it registered from their commits alone, without asking the workflow for its result', async () => {
    await vi.waitFor(async () => expect(await listening()).toBe(1));
    const polls: number[] = [];
    const submitBulk = createBulkSubmission({
      db: t.database.db,
      workflows: {
        start: applyBulkItems,
        resultWithin: async (_handle, waitMs) => {
          polls.push(waitMs);
          return null;
        },
      },
      syncWaitMs: 5_000,
      settlements: listener,
    });
    const answer = await submitBulk(
      scope(),
      [purchase('settled_unpolled_bulk_1', 2), purchase('settled_unpolled_bulk_2', 3)],
      'req_settled_13',
    );
    expect(answer).toMatchObject({ httpStatus: 200, job: { status: 'COMPLETED', total: 2, completed: 2 } });
    expect(polls).toEqual([]);
    await Promise.all(applying);
    await expectLedgerInvariants(t);
  });
  it("asks for the workflow's result when the listener drops during the wait", async () => {
    await vi.waitFor(async () => expect(await listening()).toBe(1));
    const errorsBefore = listenerErrors.length;
    const { polls, submit: submitStarted } = polledWorkflow({ applies: false, anew: true });
    const answering = submitStarted(scope(), purchase('settled_listener_dropped', 6), 'req_settled_12');
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'sir-settlement-listener' and datname = current_database()`.execute(
      t.database.db,
    );
    expect(await fromCommit(answering)).toEqual({ httpStatus: 200, result: resultFor('act_from_the_workflow') });
    expect(listenerErrors.length).toBeGreaterThan(errorsBefore);
    expect(polls).toHaveLength(1);
    expect(polls[0]).toBeLessThanOrEqual(5_000);
  });
});
