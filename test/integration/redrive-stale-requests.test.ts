import { WorkflowNotFoundError } from '@temporalio/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerActions } from '../../src/actions/action-registration.js';
import { claimReversal } from '../../src/reversals/reversal-repository.js';
import { taskQueues } from '../../src/temporal/contract/task-queues.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { sweepStaleRequests } from '../../workflows/sweep-stale-requests.js';
import { testRedriveSettings } from '../support/activity-deps.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestPartner } from '../support/test-app.js';

describe('redrive of actions and reversals left PROCESSING (real Temporal dev server, real PostgreSQL)', () => {
  let app: TemporalApp;
  let partner: TestPartner;

  beforeAll(async () => {
    app = await startTemporalApp();
    partner = await app.t.createPartner();
    await fundPool(app.t, partner, 1000);
  });
  afterAll(async () => app?.close());

  const scope = () => ({ partnerId: partner.partnerId, environment: 'sandbox' as const });
  const db = () => app.t.database.db;
  /** A row committed this long ago whose workflow never started: the crash the sweep exists for. */
  const ageRow = (table: 'actions' | 'reversals', id: string) =>
    db().updateTable(table).set({ created_at: sql`now() - interval '5 minutes'` }).where('id', '=', id).execute();
  const sweep = (id: string) =>
    app.stack.client.workflow.execute(sweepStaleRequests, {
      workflowId: id,
      taskQueue: taskQueues.ledger,
      args: [{ olderThanSeconds: 60, batchSize: 500 }],
    });

  async function registerOnly(key: string, tokens: number) {
    const [registration] = await registerActions(db(), scope(), [purchase(key, tokens)], `req_${key}`);
    if (!registration || 'conflict' in registration) throw new Error('registration refused');
    return registration.action;
  }

  it('the ledger worker owns a schedule that runs the sweep with the configured age', async () => {
    const schedule = await app.stack.client.schedule.getHandle(workflowIds.redriveSchedule).describe();

    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'sweepStaleRequests',
      taskQueue: taskQueues.ledger,
      args: [{ olderThanSeconds: testRedriveSettings.olderThanSeconds, batchSize: 500 }],
    });
    expect(schedule.spec.intervals).toMatchObject([{ every: testRedriveSettings.intervalSeconds * 1000 }]);
  });

  it('starts the workflow of an old PROCESSING action and leaves a fresh one to its own submission', async () => {
    const stale = await registerOnly('lost_start', 9);
    const fresh = await registerOnly('just_accepted', 4);
    await ageRow('actions', stale.id);

    expect(await sweep('sweep-actions')).toEqual({ actions: 1, reversals: 0 });

    const redriven = app.stack.client.workflow.getHandle(
      workflowIds.action(partner.partnerId, 'sandbox', 'lost_start'),
    );
    expect(await redriven.result()).toMatchObject({ actionId: stale.id, status: 'COMPLETED', tokensDistributed: 9 });
    const untouched = app.stack.client.workflow.getHandle(
      workflowIds.action(partner.partnerId, 'sandbox', 'just_accepted'),
    );
    await expect(untouched.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(
      (await db().selectFrom('actions').select('status').where('id', '=', fresh.id).executeTakeFirstOrThrow()).status,
    ).toBe('PROCESSING');
  });

  it('starts the workflow of an old PROCESSING reversal; a second sweep finds nothing left', async () => {
    const rewarded = await app.t.signed(
      partner.sandbox,
      'POST',
      '/v1/partner/actions/submit',
      purchase('to_reverse', 20),
    );
    expect(rewarded.json()).toMatchObject({ status: 'COMPLETED' });
    const request = { reversalPercentage: 50, reason: 'refund', refundIdempotencyKey: 'lost_refund' };
    const reversal = await claimReversal(db(), scope(), {
      actionId: rewarded.json().actionId,
      request,
      fingerprint: 'fp',
      requestId: null,
    });
    await ageRow('reversals', reversal.id);
    // The fresh action of the previous test is now old too: it is redriven in the same sweep.
    await ageRow(
      'actions',
      (
        await db()
          .selectFrom('actions')
          .select('id')
          .where('idempotency_key', '=', 'just_accepted')
          .executeTakeFirstOrThrow()
      ).id,
    );

    expect(await sweep('sweep-reversals')).toEqual({ actions: 1, reversals: 1 });

    const redriven = app.stack.client.workflow.getHandle(
      workflowIds.reversal(partner.partnerId, 'sandbox', 'lost_refund'),
    );
    expect(await redriven.result()).toMatchObject({ status: 'COMPLETED', tokensReturned: 10 });
    await app.stack.client.workflow
      .getHandle(workflowIds.action(partner.partnerId, 'sandbox', 'just_accepted'))
      .result();
    expect(await sweep('sweep-nothing-left')).toEqual({ actions: 0, reversals: 0 });
    await expectLedgerInvariants(app.t);
  });
});
