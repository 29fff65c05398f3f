import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { fundPool } from '../support/ledger-fixtures.js';
import { findDelivery, settledDelivery } from '../support/delivery-waits.js';
import { insertDelivery } from '../support/webhook-fixtures.js';
import { opsCli, spawnedOpsCli } from '../support/ops-cli.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';

describe('the ops CLI on endpoints, deliveries, replay and health, against the real Temporal dev server and PostgreSQL', () => {
  let w: WebhookStack;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    w = await startWebhookStack();
    receiver = await w.receiver();
    receiver.respond(() => ({ status: 200 }));
  });
  afterAll(async () => w.close());

  const db = () => w.t.database.db;
  const scope = () => ({ partnerId: w.partner.partnerId, environment: 'sandbox' as const });
  const endpoint = (id: string) =>
    db().selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const target = () => ({
    databaseUrl: w.t.database.url,
    temporalAddress: w.stack.env.address,
    temporalNamespace: w.stack.namespace,
  });
  /** As an operator runs it; a refusal is an exit code and a line on stderr, not a throw. */
  const ops = opsCli(target);

  it('disables an endpoint for support, refuses re-deliveries meanwhile, re-enables it with a clean failure count and re-delivers', async () => {
    const { id: webhookId } = await w.register({
      url: receiver.url('/ops?token=s3cret'),
      eventTypes: ['action.completed'],
    });
    const failed = await insertDelivery(w.t, scope(), webhookId, { status: 'FAILED' });

    const disabled = await ops('endpoints:disable', webhookId, '--reason', 'Receiver answers with errors');
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toMatch(`disabled endpoint ${webhookId} (http://127.0.0.1:`);
    expect(disabled.stdout).toMatch('/ops (query hidden)) of');
    expect(disabled.stdout).not.toMatch('s3cret');
    expect(await endpoint(webhookId)).toMatchObject({
      is_active: false,
      disabled_reason: 'Receiver answers with errors',
    });
    const notices = await db()
      .selectFrom('events')
      .select('data')
      .where('partner_id', '=', w.partner.partnerId)
      .where('type', '=', 'webhook_endpoint.disabled')
      .execute();
    expect(notices.map((n) => n.data)).toContainEqual(
      expect.objectContaining({ webhookId, disabledReason: 'Receiver answers with errors' }),
    );

    const refused = await ops('deliveries:retry', webhookId, failed.deliveryId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^CONFLICT: webhook is disabled \(Receiver answers with errors\)/);

    await db().updateTable('webhook_endpoints').set({ consecutive_failures: 7 }).where('id', '=', webhookId).execute();
    const enabled = await ops('endpoints:enable', webhookId);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(enabled.stdout).toMatch('consecutive failures reset from 7 to 0');
    expect(enabled.stdout).toMatch(`npm run ops -- deliveries:recover ${webhookId} --since `);
    expect(await endpoint(webhookId)).toMatchObject({
      is_active: true,
      disabled_reason: null,
      consecutive_failures: 0,
    });

    const retried = await ops('deliveries:retry', webhookId, failed.deliveryId);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout.trim()).toBe(
      `re-queued delivery ${failed.deliveryId} of event ${failed.eventId} to endpoint ${webhookId} as manual retry 1; its workflow is started`,
    );
    const { result, delivery } = await settledDelivery(db(), w.stack.client, webhookId, failed.eventId);
    expect(result).toEqual({ deliveryId: failed.deliveryId, status: 'DELIVERED' });
    expect(delivery.workflow_id).toBe(workflowIds.delivery(webhookId, failed.eventId, 1));
    // Findable in the Web UI by webhook, event type and outcome; the memo names the endpoint without its token.
    const described = await w.stack.client.workflow.getHandle(delivery.workflow_id).describe();
    expect(
      Object.fromEntries(described.typedSearchAttributes.getAll().map(({ key, value }) => [key.name, value])),
    ).toMatchObject({
      SirPartnerId: w.partner.partnerId,
      SirEnvironment: 'sandbox',
      SirWebhookId: webhookId,
      SirEventType: 'action.completed',
      SirStatus: 'DELIVERED',
    });
    expect(described.memo).toEqual({
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/ops \(query hidden\)$/),
      eventId: failed.eventId,
      eventType: 'action.completed',
    });
    expect(receiver.requests.map((request) => JSON.parse(request.body).id)).toContain(failed.eventId);

    // The delivered run's history replays against this checkout's workflow code.
    const replayed = await ops('replay', delivery.workflow_id);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toMatch(`deterministic: ${delivery.workflow_id} replays against the current code`);
  });

  it('recovers the failed deliveries created since a time and leaves older ones alone', async () => {
    const { id: webhookId } = await w.register({ url: receiver.url('/recover'), eventTypes: ['action.completed'] });
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);
    const recent = await insertDelivery(w.t, scope(), webhookId, { status: 'FAILED', createdAt: hoursAgo(1) });
    const old = await insertDelivery(w.t, scope(), webhookId, { status: 'FAILED', createdAt: hoursAgo(48) });

    const since = hoursAgo(24).toISOString();
    const recovered = await ops('deliveries:recover', webhookId, '--since', since);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(recovered.stdout.trim()).toBe(
      `re-queued 1 FAILED delivery of endpoint ${webhookId} created since ${since}; their workflows are started`,
    );
    expect((await settledDelivery(db(), w.stack.client, webhookId, recent.eventId)).result.status).toBe('DELIVERED');
    expect((await findDelivery(db(), webhookId, old.eventId))!.status).toBe('FAILED');

    const [badDate, unknown] = await Promise.all([
      ops('deliveries:recover', webhookId, '--since', 'yesterday'),
      ops('endpoints:enable', 'whk_unknown'),
    ]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/^VALIDATION_ERROR: --since must be an ISO 8601 date/);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'NOT_FOUND: webhook not found']);
  });

  it("prints a partner's integration-health verdicts per environment", async () => {
    await fundPool(w.t, w.partner, 500, 'sandbox', 100);
    const health = await ops('health', w.partner.partnerId, '--environment', 'sandbox');
    expect(health.code, health.stderr).toBe(0);
    const lines = health.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^integration health of ${w.partner.partnerId} \\(.+, ACTIVE\\) in sandbox: (ok|warning|error)$`),
    );
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/)[0])).toEqual(['keys', 'pool', 'webhooks', 'actions']);
    expect(lines[2]).toMatch(/pool\s+ok\s+pool pool_\w+ holds 500 tokens/);

    const [production, wrong] = await Promise.all([
      ops('health', w.partner.partnerId, '--environment', 'production'),
      ops('health', w.partner.partnerId, '--environment', 'staging'),
    ]);
    expect(production.stdout).toMatch(
      /pool\s+error\s+no active production token pool: actions fail with NO_ACTIVE_POOL/,
    );
    expect([wrong.code, wrong.stderr]).toEqual([
      1,
      expect.stringMatching(/^VALIDATION_ERROR: --environment must be one of sandbox, production/),
    ]);
  });

  it('runs as its own process as `npm run ops` does: answers on stdout, refusals on stderr with exit code 1', async () => {
    const [health, unknown] = await Promise.all([
      spawnedOpsCli(target(), 'health', w.partner.partnerId, '--environment', 'sandbox'),
      spawnedOpsCli(target(), 'endpoints:enable', 'whk_unknown'),
    ]);
    expect(health.code, health.stderr).toBe(0);
    expect(health.stdout).toMatch(new RegExp(`^integration health of ${w.partner.partnerId} `));
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'NOT_FOUND: webhook not found']);
  });
});
