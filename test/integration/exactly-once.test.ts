import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { createActionSubmission } from '../../src/actions/action-submission.js';
import { createActionWorkflows } from '../../src/temporal/client/action-workflows.js';
import { taskQueues } from '../../src/temporal/contract/task-queues.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import type { processAction } from '../../workflows/process-action.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { testActivityDependencies } from '../support/activity-deps.js';
import { connectTestTemporal } from '../support/temporal-stack.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('exactly-once ledger work under crashes (real Temporal dev server, real PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  let partner: TestPartner;
  let bundleCode: string;

  beforeAll(async () => {
    env = await connectTestTemporal();
    bundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
    t = await createTestApp({ temporal: env.client });
    partner = await t.createPartner();
    await fundPool(t, partner, 1000);
  });
  afterAll(async () => {
    await t.close();
    await env.teardown();
  });

  const scope = () => ({ partnerId: partner.partnerId, environment: 'sandbox' as const });
  const submission = () =>
    createActionSubmission({ db: t.database.db, workflows: createActionWorkflows(env.client), syncWaitMs: 0 });

  async function runLedgerWorker<T>(activities: Partial<Activities>, until: Promise<T>): Promise<T> {
    // No webhook endpoints here: dispatching the outbox is a no-op that need not be exercised.
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace,
      taskQueue: taskQueues.ledger,
      workflowBundle: { code: bundleCode },
      activities: { dispatchEvents: async () => {}, ...activities },
    });
    return worker.runUntil(until);
  }

  it('never debits twice when the activity fails after its transaction committed', async () => {
    const real = createActivities(testActivityDependencies(t.database.db, env.client));
    const attempts: number[] = [];
    const crashingAfterCommit: Partial<Activities> = {
      applyAction: async (input) => {
        const result = await real.applyAction(input);
        attempts.push(Context.current().info.attempt);
        if (Context.current().info.attempt === 1) throw new Error('worker lost after commit');
        return result;
      },
    };
    const accepted = await submission()(scope(), purchase('after_commit', 25), 'req_after_commit');
    expect(accepted.result.status).toBe('PROCESSING');

    const handle = env.client.workflow.getHandle<typeof processAction>(
      workflowIds.action(partner.partnerId, 'sandbox', 'after_commit'),
    );
    const result = await runLedgerWorker(crashingAfterCommit, handle.result());

    expect(result).toMatchObject({ status: 'COMPLETED', tokensDistributed: 25 });
    // The ledger transaction committed on both attempts' calls; only the first wrote anything.
    expect(attempts).toEqual([1, 2]);
    const rewards = await t.database.db
      .selectFrom('ledger_transactions')
      .selectAll()
      .where('action_id', '=', result.actionId)
      .execute();
    expect(rewards).toHaveLength(1);
    await expectLedgerInvariants(t);
  });

  it('finishes an action whose workflow never started (crash between commit and start) when the partner retries', async () => {
    const request = purchase('crashed_before_start', 12);
    const crashingStart = {
      ...createActionWorkflows(env.client),
      start: async () => Promise.reject(new Error('process killed before the workflow started')),
    };
    const crashed = createActionSubmission({ db: t.database.db, workflows: crashingStart, syncWaitMs: 0 });
    await expect(crashed(scope(), request, 'req_first')).rejects.toThrow('process killed');
    const row = await t.database.db
      .selectFrom('actions')
      .selectAll()
      .where('idempotency_key', '=', 'crashed_before_start')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('PROCESSING');

    const retried = await submission()(scope(), request, 'req_retry');
    expect(retried.result).toMatchObject({ status: 'PROCESSING', actionId: row.id });
    const handle = env.client.workflow.getHandle<typeof processAction>(
      workflowIds.action(partner.partnerId, 'sandbox', 'crashed_before_start'),
    );
    const result = await runLedgerWorker(
      createActivities(testActivityDependencies(t.database.db, env.client)),
      handle.result(),
    );
    expect(result).toMatchObject({ status: 'COMPLETED', tokensDistributed: 12, actionId: row.id });
    await expectLedgerInvariants(t);
  });

  it('answers 202 PROCESSING when the result is not ready in time; GET and the same key show the final result later', async () => {
    const impatient = await createTestApp({ database: t.database, temporal: env.client, actionSyncWaitMs: 0 });
    try {
      const accepted = await impatient.signed(
        partner.sandbox,
        'POST',
        '/v1/partner/actions/submit',
        purchase('slow_one', 5),
      );
      expect(accepted.statusCode).toBe(202);
      const { actionId } = accepted.json();
      expect(accepted.json()).toEqual({
        actionId,
        idempotencyKey: 'slow_one',
        status: 'PROCESSING',
        tokensDistributed: 0,
        transactionIds: [],
      });
      expect((await impatient.signed(partner.sandbox, 'GET', `/v1/partner/actions/${actionId}`)).json().status).toBe(
        'PROCESSING',
      );

      const handle = env.client.workflow.getHandle<typeof processAction>(
        workflowIds.action(partner.partnerId, 'sandbox', 'slow_one'),
      );
      await runLedgerWorker(createActivities(testActivityDependencies(t.database.db, env.client)), handle.result());

      expect((await impatient.signed(partner.sandbox, 'GET', `/v1/partner/actions/${actionId}`)).json()).toMatchObject({
        status: 'COMPLETED',
        tokensDistributed: 5,
      });
      const replay = await impatient.signed(
        partner.sandbox,
        'POST',
        '/v1/partner/actions/submit',
        purchase('slow_one', 5),
      );
      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toMatchObject({ actionId, status: 'COMPLETED', tokensDistributed: 5 });
    } finally {
      await impatient.app.close();
    }
  });
});
