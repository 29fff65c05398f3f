import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/db/schema.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { createDeliveryControl } from '../../src/webhooks/dispatch/create-delivery-control.js';
import { createDeliveryWorkflows } from '../../src/temporal/client/delivery-workflows.js';
import { testWebhookSettings } from '../support/activity-deps.js';
import { attemptsOf, deliveriesOf, insertEndpoint, recordTestEvent } from '../support/delivery-fixtures.js';
import { eventually, findDelivery, settledDelivery } from '../support/delivery-waits.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';

describe('webhook delivery safety over the real Temporal dev server', () => {
  let w: WebhookStack;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    w = await startWebhookStack();
    receiver = await w.receiver();
  });
  afterAll(async () => w.close());

  const db = () => w.t.database.db;
  const partnerId = () => w.partner.partnerId;
  const requestsTo = (path: string) => receiver.requests.filter((request) => request.path === path);

  /** An endpoint for one event type of its own, and one event of that type, dispatched. */
  async function deliverOnce(url: string, environment: Environment = 'sandbox') {
    const type = 'bulk_job.started';
    const endpoint = await insertEndpoint(db(), partnerId(), { url, environment, eventTypes: [type] });
    const eventId = await recordTestEvent(db(), partnerId(), type, { environment });
    await w.control.dispatchPending();
    return { endpoint, eventId };
  }

  it.each([
    ['loopback', () => `https://127.0.0.1:${receiver.port}/ssrf`],
    ['private', () => 'https://10.0.0.1/ssrf'],
    ['link-local (cloud metadata)', () => 'https://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', () => `https://[::1]:${receiver.port}/ssrf`],
    ['IPv4-mapped loopback', () => `https://[::ffff:127.0.0.1]:${receiver.port}/ssrf`],
    ['plain http', () => `http://127.0.0.1:${receiver.port}/ssrf`],
  ])('refuses a production endpoint at a %s address at send time, without connecting', async (_kind, url) => {
    const { endpoint, eventId } = await deliverOnce(url(), 'production');
    const { result, delivery } = await settledDelivery(db(), w.stack.client, endpoint.id, eventId);

    expect(result.status).toBe('FAILED');
    expect(delivery).toMatchObject({ status: 'FAILED', attempt_count: 1, last_response_status: null });
    expect(delivery.last_error).toMatch(/^refused before connecting: url must (use https|point at a public address)/);
    const [attempt] = await attemptsOf(db(), delivery.id);
    expect(attempt).toMatchObject({ succeeded: false, response_status: null, error: delivery.last_error });
    expect(requestsTo('/ssrf')).toEqual([]);
  });

  it('treats a redirect as a failure and never follows it', async () => {
    receiver.respond((request) =>
      request.path === '/moving' ? { status: 302, headers: { Location: receiver.url('/moved') } } : { status: 200 },
    );
    const { endpoint, eventId } = await deliverOnce(receiver.url('/moving'));
    const delivery = await eventually(async () => {
      const row = await findDelivery(db(), endpoint.id, eventId);
      return row?.status === 'RETRYING' ? row : undefined;
    }, 'the first attempt');

    expect(delivery).toMatchObject({
      last_error: 'HTTP 302: redirects are not followed',
      last_response_status: 302,
      attempt_count: 1,
    });
    expect(delivery.next_attempt_at!.getTime() - Date.now()).toBeGreaterThan(20_000);
    expect(requestsTo('/moved')).toEqual([]);
    await w.control.cancelEndpointDeliveries(endpoint.id);
  });

  it('stops retrying, and delivers nothing more, once the endpoint is deleted', async () => {
    receiver.respond((request) => ({ status: request.path === '/flaky' ? 503 : 200 }));
    const { endpoint, eventId } = await deliverOnce(receiver.url('/flaky'));
    await eventually(async () => requestsTo('/flaky')[0], 'the first attempt');
    await db()
      .updateTable('webhook_endpoints')
      .set({ deleted_at: new Date(), is_active: false })
      .where('id', '=', endpoint.id)
      .execute();
    expect(await w.control.cancelEndpointDeliveries(endpoint.id)).toBe(1);

    const { result, delivery } = await settledDelivery(db(), w.stack.client, endpoint.id, eventId);
    expect(result.status).toBe('CANCELLED');
    expect(delivery.status).toBe('CANCELLED');
    await recordTestEvent(db(), partnerId(), 'bulk_job.started');
    await w.control.dispatchPending();
    expect((await deliveriesOf(db(), endpoint.id)).map((d) => d.event_id)).toEqual([eventId]);
    expect(requestsTo('/flaky')).toHaveLength(1);
  });

  it('disables an endpoint at once when it answers 410 Gone, and records the notice', async () => {
    receiver.respond((request) => ({ status: request.path === '/gone' ? 410 : 200 }));
    const { endpoint, eventId } = await deliverOnce(receiver.url('/gone'));
    const { result, delivery } = await settledDelivery(db(), w.stack.client, endpoint.id, eventId);

    expect(result.status).toBe('FAILED');
    expect(delivery).toMatchObject({ status: 'FAILED', attempt_count: 1, last_response_status: 410 });
    const row = await db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      is_active: false,
      disabled_reason: 'HTTP 410 Gone: the endpoint asked for no more deliveries',
    });
    const notices = await db()
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'webhook_endpoint.disabled')
      .execute();
    expect(notices.map((n) => n.data.webhookId)).toContain(endpoint.id);
    expect(requestsTo('/gone')).toHaveLength(1);
  });

  it('delivers each (event, endpoint) pair once even when two dispatchers run at the same time', async () => {
    receiver.respond(() => ({ status: 200 }));
    const endpoint = await insertEndpoint(db(), partnerId(), {
      url: receiver.url('/once'),
      eventTypes: ['token_pool.refilled'],
    });
    const events = await Promise.all(
      Array.from({ length: 5 }, () => recordTestEvent(db(), partnerId(), 'token_pool.refilled')),
    );
    await Promise.all([
      w.control.dispatchPending(),
      w.control.dispatchPending(),
      createDeliveryControl({
        db: db(),
        workflows: createDeliveryWorkflows(w.stack.client, testWebhookSettings),
      }).dispatchPending(),
    ]);

    const results = await Promise.all(
      events.map((eventId) => settledDelivery(db(), w.stack.client, endpoint.id, eventId)),
    );
    expect(results.map(({ result }) => result.status)).toEqual(Array(5).fill('DELIVERED'));
    await w.control.dispatchPending();
    expect(
      requestsTo('/once')
        .map((request) => JSON.parse(request.body).id)
        .sort(),
    ).toEqual([...events].sort());
  });

  it('starts the deliveries of a dispatcher that crashed between committing them and starting their workflows', async () => {
    receiver.respond(() => ({ status: 200 }));
    const endpoint = await insertEndpoint(db(), partnerId(), {
      url: receiver.url('/redriven'),
      eventTypes: ['token_pool.depleted'],
    });
    const eventId = await recordTestEvent(db(), partnerId(), 'token_pool.depleted');
    const crashing = {
      workflow: { start: () => Promise.reject(new Error('process died before starting the workflow')) },
    } as unknown as Client;
    await expect(
      createDeliveryControl({
        db: db(),
        workflows: createDeliveryWorkflows(crashing, testWebhookSettings),
      }).dispatchPending(),
    ).rejects.toThrow('process died');

    const stranded = await findDelivery(db(), endpoint.id, eventId);
    expect(stranded).toMatchObject({ status: 'PENDING', workflow_started_at: null });
    expect(
      (await db().selectFrom('events').select('dispatched_at').where('id', '=', eventId).executeTakeFirstOrThrow())
        .dispatched_at,
    ).not.toBeNull();

    await w.control.dispatchPending();
    const { result } = await settledDelivery(db(), w.stack.client, endpoint.id, eventId);
    expect(result.status).toBe('DELIVERED');
    expect(requestsTo('/redriven')).toHaveLength(1);
  });

  it('keeps a dispatch-events schedule that sweeps what no fast path dispatched', async () => {
    receiver.respond(() => ({ status: 200 }));
    const schedule = w.stack.client.schedule.getHandle(workflowIds.dispatchSchedule);
    const described = await schedule.describe();
    expect(described.spec.intervals).toMatchObject([{ every: testWebhookSettings.dispatchIntervalSeconds * 1000 }]);
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'sweepEvents',
      taskQueue: 'webhooks',
    });

    const endpoint = await insertEndpoint(db(), partnerId(), {
      url: receiver.url('/swept'),
      eventTypes: ['api_key.expiring'],
    });
    const eventId = await recordTestEvent(db(), partnerId(), 'api_key.expiring');
    await schedule.trigger();
    const { result } = await settledDelivery(db(), w.stack.client, endpoint.id, eventId);
    expect(result.status).toBe('DELIVERED');
  });
});
