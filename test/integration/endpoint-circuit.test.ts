import { WorkflowNotFoundError } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookSettings } from '../../src/webhooks/webhook-settings.js';
import { createDeliveryWorkflows } from '../../src/temporal/client/delivery-workflows.js';
import { testWebhookSettings } from '../support/activity-deps.js';
import { eventually } from '../support/delivery-waits.js';
import { holdLock, waitingForLock } from '../support/held-lock.js';
import { recordTestEvent } from '../support/delivery-fixtures.js';
import { opsCli } from '../support/ops-cli.js';
import { startTemporalStack, type TemporalStack } from '../support/temporal-stack.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { createDeliveryControl } from '../../src/webhooks/dispatch/create-delivery-control.js';

// The real dev server, both workers, the API and a loopback receiver that refuses connections for a
// while; a short schedule (2 s doubling to 8 s) so the outage and the recovery take seconds.
const settings: WebhookSettings = {
  ...testWebhookSettings,
  retry: { initialIntervalSeconds: 2, maximumIntervalSeconds: 8, windowHours: 1 },
  circuitOpenAfterFailures: 3,
};

describe('a refusing receiver with a backlog, against the dev server: the circuit as partners and operators see it', () => {
  let database: TestDatabase;
  let stack: TemporalStack;
  let t: TestApp;
  let partner: TestPartner;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startTemporalStack(database.db, settings);
    t = await createTestApp({ database, temporal: stack.client, webhookSettings: settings });
    partner = await t.createPartner();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
    await t?.close();
  });

  const db = () => database.db;
  const ops = opsCli(() => ({
    databaseUrl: database.url,
    temporalAddress: stack.env.address,
    temporalNamespace: stack.namespace,
  }));
  const get = async (path: string) => {
    const response = await t.signed(partner.sandbox, 'GET', path);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const deliveries = (webhookId: string) =>
    db().selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', webhookId).execute();
  const failedAttempts = async (webhookId: string) =>
    (
      await db()
        .selectFrom('webhook_attempts as a')
        .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('d.endpoint_id', '=', webhookId)
        .where('a.succeeded', '=', false)
        .executeTakeFirstOrThrow()
    ).n;

  it('parks the backlog behind one probe, shows the open circuit in GET, the health dashboard and the ops CLI, then delivers each once', async () => {
    const registered = await t.signed(partner.sandbox, 'POST', '/v1/partner/webhooks', {
      url: receiver.url(),
      eventTypes: ['user.created'],
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const webhookId = (registered.json() as { id: string }).id;
    await receiver.refuseConnections();
    const events: string[] = [];
    for (let i = 0; i < 30; i++) events.push(await recordTestEvent(db(), partner.partnerId, 'user.created'));
    const control = createDeliveryControl({ db: db(), workflows: createDeliveryWorkflows(stack.client, settings) });
    await control.dispatchPending();

    // Every open delivery but the probe parked (the registration's ping, if still open, with them).
    const open = await eventually(
      async () => {
        const rows = (await deliveries(webhookId)).filter(
          (delivery) => delivery.status === 'PENDING' || delivery.status === 'RETRYING',
        );
        return rows.length >= events.length &&
          rows.filter((delivery) => delivery.parked_at !== null).length === rows.length - 1
          ? rows
          : undefined;
      },
      'every delivery but the probe parked',
      30_000,
    );

    const endpoint = await get(`/v1/partner/webhooks/${webhookId}`);
    expect(endpoint.circuit).toMatchObject({
      state: 'open',
      openedAt: expect.any(String),
      failingSince: expect.any(String),
    });
    expect(endpoint.circuit.failedAttemptsInRow).toBeGreaterThanOrEqual(settings.circuitOpenAfterFailures);
    const health = await get('/v1/partner/dashboard/webhooks/health');
    expect(health.endpoints.find((e: { id: string }) => e.id === webhookId).circuit).toMatchObject({
      state: 'open',
      openedAt: endpoint.circuit.openedAt,
    });
    const shown = await ops('endpoints:show', webhookId);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(`circuit open since ${endpoint.circuit.openedAt}`);
    expect(shown.stdout).toMatch(`open deliveries: ${open.length} (${open.length - 1} parked)`);

    // Events committed while the circuit is open wait in the database: no workflow, no attempt
    // and no Temporal task for them until the probe succeeds.
    const lateEvents: string[] = [];
    for (let i = 0; i < 3; i++) lateEvents.push(await recordTestEvent(db(), partner.partnerId, 'user.created'));
    const attemptsBeforeLate = Number(await failedAttempts(webhookId));
    // The endpoint's row locked as a probe's attempt locks it to record its outcome.
    const lockEndpoint = () =>
      holdLock(db(), (trx) =>
        trx.selectFrom('webhook_endpoints').select('id').where('id', '=', webhookId).forNoKeyUpdate().execute(),
      );
    // Held longer than a second (a stuck transaction), it fails the pass before anything is
    // claimed: the late deliveries stay recorded, neither started nor held, for the next pass.
    const stuck = await lockEndpoint();
    try {
      await expect(control.dispatchPending()).rejects.toThrow(/lock timeout/);
    } finally {
      await stuck();
    }
    const recorded = (await deliveries(webhookId)).filter((delivery) => lateEvents.includes(delivery.event_id));
    expect(recorded.map((delivery) => [delivery.workflow_started_at, delivery.parked_at])).toEqual(
      lateEvents.map(() => [null, null]),
    );
    // Held briefly, as an attempt holds it: the dispatcher waits for the lock and holds them still.
    const releaseEndpoint = await lockEndpoint();
    const lateDispatch = control.dispatchPending();
    try {
      await eventually(
        async () => ((await waitingForLock(db(), 'for share')).length > 0 ? true : undefined),
        'the dispatcher waiting for the endpoint lock',
      );
    } finally {
      await releaseEndpoint();
    }
    await lateDispatch;
    const held = (await deliveries(webhookId)).filter((delivery) => lateEvents.includes(delivery.event_id));
    expect(held).toHaveLength(lateEvents.length);
    for (const delivery of held) {
      expect(delivery).toMatchObject({ status: 'PENDING', workflow_started_at: null });
      expect(delivery.parked_at).not.toBeNull();
      for (const workflowId of [workflowIds.eventDelivery(delivery.event_id), delivery.workflow_id])
        await expect(stack.client.workflow.getHandle(workflowId).describe()).rejects.toThrow(WorkflowNotFoundError);
    }
    expect(Number(await failedAttempts(webhookId)) - attemptsBeforeLate).toBeLessThanOrEqual(1);
    events.push(...lateEvents);

    // Five more seconds of outage cost the probe's attempts only, whatever the backlog.
    const before = Number(await failedAttempts(webhookId));
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(Number(await failedAttempts(webhookId)) - before).toBeLessThanOrEqual(2);
    expect(before).toBeLessThanOrEqual(open.length + 4);

    await receiver.acceptConnections();
    const done = await eventually(
      async () => {
        const rows = await deliveries(webhookId);
        return rows.every((delivery) => delivery.status === 'DELIVERED') ? rows : undefined;
      },
      'every delivery DELIVERED',
      30_000,
    );
    expect(done.every((delivery) => delivery.parked_at === null)).toBe(true);
    const received = receiver.requests
      .map((request) => JSON.parse(request.body) as { id: string; type: string })
      .filter((body) => body.type === 'user.created');
    // Once per delivery id: each delivery has one succeeded attempt, and every event arrived. Delivery
    // is at least once: an event arrives twice only when an attempt it answered timed out first
    // (the backlog resumes all at once, and a loaded machine can hold an answer past the 2 s).
    expect([...new Set(received.map((body) => body.id))].toSorted()).toEqual(events.toSorted());
    const attempts = await db()
      .selectFrom('webhook_attempts as a')
      .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
      .select(['d.event_id', 'a.succeeded', 'a.error'])
      .where('d.endpoint_id', '=', webhookId)
      .execute();
    for (const eventId of events) {
      const own = attempts.filter((attempt) => attempt.event_id === eventId);
      expect(
        own.filter((attempt) => attempt.succeeded),
        eventId,
      ).toHaveLength(1);
      const receipts = received.filter((body) => body.id === eventId).length;
      if (receipts > 1)
        expect(
          own.some((attempt) => attempt.error?.startsWith('timed out')),
          eventId,
        ).toBe(true);
    }
    expect((await get(`/v1/partner/webhooks/${webhookId}`)).circuit).toEqual({
      state: 'closed',
      openedAt: null,
      nextProbeAt: null,
      failingSince: null,
      failedAttemptsInRow: 0,
    });
    expect((await ops('endpoints:show', webhookId)).stdout).toMatch('circuit closed');
  });
});
