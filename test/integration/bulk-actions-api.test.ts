import type { WorkflowHandle } from '@temporalio/client';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBulkSubmission } from '../../src/actions/bulk-submission.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestApp, TestPartner } from '../support/test-app.js';

describe('POST /v1/partner/actions/bulk over the real Temporal dev server and PostgreSQL', () => {
  let harness: TemporalApp;
  let t: TestApp;
  let alice: TestPartner;
  let bob: TestPartner;
  let poolId: string;

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ t } = harness);
    [alice, bob] = [await t.createPartner('Alice Co'), await t.createPartner('Bob Co')];
    poolId = (await fundPool(t, alice, 100)).id;
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  const bulk = (who: TestPartner['sandbox'], actions: unknown[]) =>
    t.signed(who, 'POST', '/v1/partner/actions/bulk', { actions });
  const count = async (table: 'actions' | 'ledger_transactions' | 'events') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const jobEvents = (jobId: string) =>
    t.database.db
      .selectFrom('events')
      .selectAll()
      .where('type', 'like', 'bulk_job.%')
      .where(sql<boolean>`data->>'jobId' = ${jobId}`)
      .orderBy('created_at')
      .orderBy('id')
      .execute();

  // 30 + 60 + 10 of a 100-token pool complete; 20 cannot be paid once 90 are gone, and ghost does not exist.
  const mixedBatch = [
    purchase('bulk_a', 30, 'bulk_user_a'),
    purchase('bulk_ghost', 5, 'ghost', { autoCreateUsers: false }),
    purchase('bulk_b', 60, 'bulk_user_b'),
    purchase('bulk_over', 20, 'bulk_user_a'),
    purchase('bulk_c', 10, 'bulk_user_c'),
  ];
  let firstResponse: { jobId: string; results: unknown[] };

  it('answers one result per item, in order, with mixed outcomes and exact counts', async () => {
    const response = await bulk(alice.sandbox, mixedBatch);
    expect(response.statusCode).toBe(200);
    firstResponse = response.json();
    const completed = (key: string, tokens: number) => ({
      actionId: expect.stringMatching(/^act_/),
      idempotencyKey: key,
      status: 'COMPLETED',
      tokensDistributed: tokens,
      transactionIds: [expect.stringMatching(/^txn_/)],
    });
    const failed = (key: string, code: string) => ({
      actionId: expect.stringMatching(/^act_/),
      idempotencyKey: key,
      status: 'FAILED',
      tokensDistributed: 0,
      transactionIds: [],
      failure: { code, message: expect.any(String) },
    });
    expect(response.json()).toEqual({
      jobId: expect.stringMatching(/^bulk_/),
      status: 'COMPLETED',
      total: 5,
      completed: 3,
      failed: 2,
      results: [
        completed('bulk_a', 30),
        failed('bulk_ghost', 'USER_NOT_FOUND'),
        completed('bulk_b', 60),
        failed('bulk_over', 'INSUFFICIENT_POOL_BALANCE'),
        completed('bulk_c', 10),
      ],
    });
    const pool = await t.signed(alice.sandbox, 'GET', `/v1/partner/token-pools/${poolId}/balance`);
    expect(pool.json().balance).toBe(0);
  });

  it('records bulk_job.started then bulk_job.completed with the counts, under the request id', async () => {
    const events = await jobEvents(firstResponse.jobId);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['bulk_job.started', { jobId: firstResponse.jobId, total: 5 }],
      ['bulk_job.completed', { jobId: firstResponse.jobId, status: 'COMPLETED', total: 5, completed: 3, failed: 2 }],
    ]);
    expect(new Set(events.map((e) => [e.partner_id, e.environment, e.request_id].join()))).toEqual(
      new Set([[alice.partnerId, 'sandbox', events[0]!.request_id].join()]),
    );
    const actionEvents = await t.database.db
      .selectFrom('events')
      .select('type')
      .where('request_id', '=', events[0]!.request_id)
      .where('type', 'like', 'action.%')
      .execute();
    expect(actionEvents.map((e) => e.type).sort()).toEqual([
      'action.completed',
      'action.completed',
      'action.completed',
      'action.failed',
      'action.failed',
    ]);
  });

  it('returns the same per-item results for a re-sent batch and writes no ledger rows', async () => {
    const [transactions, actions] = [await count('ledger_transactions'), await count('actions')];
    const again = await bulk(alice.sandbox, mixedBatch);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      status: 'COMPLETED',
      completed: 3,
      failed: 2,
      results: firstResponse.results,
    });
    expect(again.json().jobId).not.toBe(firstResponse.jobId);
    expect([await count('ledger_transactions'), await count('actions')]).toEqual([transactions, actions]);
  });

  it('answers an item whose key was used with another body with IDEMPOTENCY_KEY_REUSED, and fails the job when nothing completes', async () => {
    const firstA = firstResponse.results[0] as { actionId: string };
    const response = await bulk(alice.sandbox, [purchase('bulk_a', 31, 'bulk_user_a'), purchase('bulk_empty_pool', 1)]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 'FAILED', total: 2, completed: 0, failed: 2 });
    expect(body.results[0]).toEqual({
      idempotencyKey: 'bulk_a',
      error: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'idempotencyKey "bulk_a" was already used with a different request body',
        details: { actionId: firstA.actionId },
      },
    });
    expect(body.results[1]).toMatchObject({
      idempotencyKey: 'bulk_empty_pool',
      status: 'FAILED',
      failure: { code: 'INSUFFICIENT_POOL_BALANCE' },
    });
    expect((await jobEvents(body.jobId)).map((e) => [e.type, e.data])).toEqual([
      ['bulk_job.started', { jobId: body.jobId, total: 2 }],
      ['bulk_job.failed', { jobId: body.jobId, status: 'FAILED', total: 2, completed: 0, failed: 2 }],
    ]);
  });

  it('returns the original result of a key first used by POST /actions/submit', async () => {
    const other = await t.createPartner();
    await fundPool(t, other, 50);
    const single = await t.signed(other.sandbox, 'POST', '/v1/partner/actions/submit', purchase('single_first', 7));
    const response = await bulk(other.sandbox, [purchase('single_first', 7)]);
    expect(response.json().results).toEqual([single.json()]);
  });

  it('processes a full batch of 100 items synchronously', async () => {
    const other = await t.createPartner();
    await fundPool(t, other, 100);
    const response = await bulk(
      other.sandbox,
      Array.from({ length: 100 }, (_, i) => purchase(`full_${i}`, 1, `full_user_${i % 10}`)),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'COMPLETED', total: 100, completed: 100, failed: 0 });
    expect(response.json().results.map((r: { idempotencyKey: string }) => r.idempotencyKey)).toEqual(
      Array.from({ length: 100 }, (_, i) => `full_${i}`),
    );
  });

  it('refuses more than 100 items with 400 BULK_LIMIT_EXCEEDED and writes nothing', async () => {
    const [actions, events] = [await count('actions'), await count('events')];
    const response = await bulk(
      alice.sandbox,
      Array.from({ length: 101 }, (_, i) => purchase(`too_many_${i}`, 1)),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'BULK_LIMIT_EXCEEDED',
        message: 'a bulk request takes at most 100 actions and this one has 101; split it into batches of 100',
        details: { limit: 100, received: 101 },
      },
    });
    expect([await count('actions'), await count('events')]).toEqual([actions, events]);
  });

  it('refuses duplicate idempotency keys within one batch with 400 and writes nothing', async () => {
    const actions = await count('actions');
    const response = await bulk(alice.sandbox, [
      purchase('dup_key', 1),
      purchase('unique_key', 1),
      purchase('dup_key', 2),
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [
        {
          location: 'body',
          path: '/actions/2/idempotencyKey',
          message: 'idempotencyKey "dup_key" is also used by item 0; every item needs its own key',
        },
      ],
    });
    expect(await count('actions')).toBe(actions);
  });

  it('keeps keys per partner and environment: the same keys elsewhere are new actions', async () => {
    const [mine] = firstResponse.results as Array<{ actionId: string }>;
    const bobs = await bulk(bob.sandbox, [mixedBatch[0]]);
    expect(bobs.json()).toMatchObject({
      status: 'FAILED',
      results: [{ idempotencyKey: 'bulk_a', failure: { code: 'NO_SANDBOX_POOL' } }],
    });
    const live = await bulk(alice.production, [mixedBatch[0]]);
    expect(live.json()).toMatchObject({
      status: 'FAILED',
      results: [{ idempotencyKey: 'bulk_a', failure: { code: 'NO_ACTIVE_POOL' } }],
    });
    const ids = [bobs.json().results[0].actionId, live.json().results[0].actionId];
    expect(new Set([mine!.actionId, ...ids]).size).toBe(3);
  });

  it('answers GET /v1/partner/actions/bulk/:jobId with 410 GONE, documented as deprecated', async () => {
    const response = await t.signed(alice.sandbox, 'GET', `/v1/partner/actions/bulk/${firstResponse.jobId}`);
    expect(response.statusCode).toBe(410);
    expect(response.json().error).toMatchObject({
      code: 'GONE',
      message: expect.stringContaining('POST /v1/partner/actions/bulk'),
    });
    const document = (await t.app.inject({ method: 'GET', url: '/partner-api/json' })).json();
    expect(document.paths['/v1/partner/actions/bulk/{jobId}'].get.deprecated).toBe(true);
    expect(
      document.paths['/v1/partner/actions/bulk'].post.requestBody.content['application/json'].schema.properties.actions
        .maxItems,
    ).toBe(100);
  });

  it('answers 202 with every item as registered when the job outlasts the wait', async () => {
    const scope = { partnerId: bob.partnerId, environment: 'sandbox' as const };
    const submitBulk = createBulkSubmission({
      db: t.database.db,
      workflows: { start: async () => ({}) as WorkflowHandle, resultWithin: async () => null },
      syncWaitMs: 0,
    });
    const { httpStatus, job } = await submitBulk(scope, [purchase('slow_1', 1), purchase('bulk_a', 99)], 'req_slow');
    expect(httpStatus).toBe(202);
    expect(job).toMatchObject({
      jobId: expect.stringMatching(/^bulk_/),
      status: 'PROCESSING',
      total: 2,
      completed: 0,
      failed: 1,
    });
    expect(job.results).toEqual([
      {
        actionId: expect.stringMatching(/^act_/),
        idempotencyKey: 'slow_1',
        status: 'PROCESSING',
        tokensDistributed: 0,
        transactionIds: [],
      },
      { idempotencyKey: 'bulk_a', error: expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' }) },
    ]);
  });
});
