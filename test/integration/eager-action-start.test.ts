import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerActions } from '../../src/actions/action-registration.js';
import { createActionSubmission } from '../../src/actions/action-submission.js';
import { createActionWorkflows } from '../../src/temporal/client/action-workflows.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestPartner } from '../support/test-app.js';

describe('eager start of action workflows (real Temporal dev server, ledger worker in this process)', () => {
  let app: TemporalApp;
  let partner: TestPartner;
  let eagerClient: Client;

  beforeAll(async () => {
    app = await startTemporalApp();
    partner = await app.t.createPartner();
    await fundPool(app.t, partner, 1000);
    // The workers run on this NativeConnection; a client on it is what the server can hand a task back to.
    eagerClient = new Client({ connection: app.stack.env.nativeConnection, namespace: app.stack.namespace });
  });
  afterAll(async () => app?.close());

  const scope = () => ({ partnerId: partner.partnerId, environment: 'sandbox' as const });

  it('hands the first workflow task to the local worker and completes the action', async () => {
    const workflows = createActionWorkflows(eagerClient, { eagerStart: true });
    const [registration] = await registerActions(
      app.t.database.db,
      scope(),
      [purchase('eager_direct', 7)],
      'req_eager_direct',
    );
    if (!registration || 'conflict' in registration) throw new Error('registration refused');

    const { run: handle, anew } = await workflows.start(registration.action);

    expect(anew).toBe(true);
    expect((handle as { eagerlyStarted?: boolean }).eagerlyStarted).toBe(true);
    expect(await handle.result()).toMatchObject({ status: 'COMPLETED', tokensDistributed: 7 });
  });

  it('answers a submission synchronously through the eager path, and a retry finds the same workflow', async () => {
    const submit = createActionSubmission({
      db: app.t.database.db,
      workflows: createActionWorkflows(eagerClient, { eagerStart: true }),
      syncWaitMs: 10_000,
    });

    const first = await submit(scope(), purchase('eager_submit', 11), 'req_eager_1');
    const retry = await submit(scope(), purchase('eager_submit', 11), 'req_eager_2');

    expect(first).toMatchObject({ httpStatus: 200, result: { status: 'COMPLETED', tokensDistributed: 11 } });
    expect(retry.result).toEqual(first.result);
    await expectLedgerInvariants(app.t);
  });

  it('refuses eager start on a client that shares no connection with a worker', async () => {
    const workflows = createActionWorkflows(app.stack.client, { eagerStart: true });
    const [registration] = await registerActions(
      app.t.database.db,
      scope(),
      [purchase('eager_refused', 3)],
      'req_eager_refused',
    );
    if (!registration || 'conflict' in registration) throw new Error('registration refused');

    await expect(workflows.start(registration.action)).rejects.toThrow(/NativeConnection/);
  });
});
