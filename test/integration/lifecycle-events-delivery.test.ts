import { ScheduleOverlapPolicy } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKeyExpirySchedule } from '../../src/temporal/schedules/key-expiry-schedule.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { testKeyExpirySettings } from '../support/activity-deps.js';
import { settledDelivery } from '../support/delivery-waits.js';
import { envelopeOf } from '../support/webhook-receiver.js';
import { arrival, startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';

describe('api_key.expiring and user.upgraded through the webhook pipeline (Temporal dev server, PostgreSQL, HTTP)', () => {
  let w: WebhookStack;
  beforeAll(async () => {
    w = await startWebhookStack();
  });
  afterAll(async () => w.close());

  it('keeps an api-key-expiry schedule whose sweep warns of an expiring key and delivers api_key.expiring', async () => {
    const schedule = w.stack.client.schedule.getHandle(workflowIds.keyExpirySchedule);
    const described = await schedule.describe();
    expect(described.spec.intervals).toMatchObject([{ every: testKeyExpirySettings.sweepIntervalSeconds * 1000 }]);
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'sweepExpiringKeys',
      taskQueue: 'webhooks',
      args: [{ warningDays: 7 }],
    });
    expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);

    const receiver = await w.receiver();
    const endpoint = await w.register({ url: receiver.url(), eventTypes: ['api_key.expiring'] });
    const issued = await w.t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: { authorization: `Bearer ${w.partner.jwt}` },
      payload: {
        name: 'Expiring integration',
        environment: 'sandbox',
        expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      },
    });
    expect(issued.statusCode).toBe(201);
    const key = issued.json();

    await schedule.trigger();
    const event = envelopeOf(await arrival(receiver, (e) => e.type === 'api_key.expiring', 'api_key.expiring'));
    expect(event.data).toEqual({
      keyId: key.id,
      publicKeyPrefix: key.publicKey.slice(0, 12),
      name: 'Expiring integration',
      environment: 'sandbox',
      expiresAt: key.expiresAt,
      daysLeft: 2,
    });
    expect((await settledDelivery(w.t.database.db, w.stack.client, endpoint.id, event.id)).result.status).toBe(
      'DELIVERED',
    );
  });

  it('brings an existing schedule to new settings when a worker starts with them', async () => {
    await ensureKeyExpirySchedule(w.stack.client, { sweepIntervalSeconds: 600, warningDays: 3 });
    const described = await w.stack.client.schedule.getHandle(workflowIds.keyExpirySchedule).describe();
    expect(described.spec.intervals).toMatchObject([{ every: 600_000 }]);
    expect(described.action).toMatchObject({ workflowType: 'sweepExpiringKeys', args: [{ warningDays: 3 }] });
  });

  it('delivers user.upgraded to an endpoint subscribed to it', async () => {
    const receiver = await w.receiver();
    const endpoint = await w.register({ url: receiver.url(), eventTypes: ['user.upgraded'] });
    expect(
      (await w.t.signed(w.partner.sandbox, 'POST', '/v1/partner/users', { externalUserId: 'upgraded_user' }))
        .statusCode,
    ).toBe(201);
    const upgraded = await w.t.signed(w.partner.sandbox, 'POST', '/v1/partner/users/upgraded_user/upgrade', {
      sirAccountId: 'sir_acc_delivered',
    });
    expect(upgraded.statusCode).toBe(200);

    const request = await arrival(receiver, (e) => e.type === 'user.upgraded', 'user.upgraded');
    const event = envelopeOf(request);
    expect(event.data).toEqual({ user: upgraded.json() });
    expect(request.headers['request-id']).toBe(upgraded.headers['request-id']);
    expect((await settledDelivery(w.t.database.db, w.stack.client, endpoint.id, event.id)).result.status).toBe(
      'DELIVERED',
    );
    // Subscribed to user.upgraded only: the user's user.created went elsewhere.
    expect(receiver.requests.map((r) => envelopeOf(r).type).filter((type) => type.startsWith('user.'))).toEqual([
      'user.upgraded',
    ]);
  });
});
