import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../../src/operators/create-operator.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import { eventTypes } from '../../src/webhooks/event-types.js';
import { campaignBody, campaignWithStatus, createCampaign } from '../support/campaign-fixtures.js';
import { eventually } from '../support/delivery-waits.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { envelopeOf, type WebhookReceiver } from '../support/webhook-receiver.js';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack.js';

/**
 * Every event type a partner can subscribe to, each caused by the real call that produces it and
 * delivered to one wildcard endpoint: the catalogue in sir-webhooks.md is not just a list of names.
 */
describe('every event type, produced by its real cause and delivered (Temporal dev server, PostgreSQL, HTTP)', () => {
  let w: WebhookStack;
  let all: WebhookReceiver;

  beforeAll(async () => {
    w = await startWebhookStack();
    all = await w.receiver();
    await w.register({ url: all.url(), eventTypes: ['*'] });
  });
  afterAll(async () => w?.close());

  const sandbox = () => w.partner.sandbox;
  const call = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
    w.t.signed(sandbox(), method, path, body);
  const delivered = () => new Set(all.requests.map((request) => envelopeOf(request).type));
  const outcome = async (response: Promise<{ json(): { status?: string; error?: { code: string } } }>) => {
    const body = (await response).json();
    return body.status ?? body.error?.code;
  };

  it('produces and delivers each of the catalogue’s types at least once', async () => {
    const pool = await fundPool(w.t, w.partner, 100, 'sandbox', 50);

    // Rewards: user.created, action.completed, transaction.completed, and the pool falls below 50.
    const rewarded = (await call('POST', '/v1/partner/actions/submit', purchase('evt_reward', 60))).json();
    expect(rewarded.status).toBe('COMPLETED');
    expect(
      await outcome(
        call(
          'POST',
          '/v1/partner/actions/submit',
          purchase('evt_unknown_user', 5, 'ghost', { autoCreateUsers: false }),
        ),
      ),
    ).toBe('USER_NOT_FOUND');
    const reversal = await call('POST', `/v1/partner/actions/${rewarded.actionId}/reverse`, {
      reversalPercentage: 50,
      reason: 'refund',
      refundIdempotencyKey: 'evt_refund',
    });
    expect(reversal.json().status).toBe('COMPLETED');

    // Redemptions: one approved and completed, one rejected.
    const redeem = (key: string, tokens: number) =>
      call('POST', '/v1/partner/users/user_42/redemptions', {
        idempotencyKey: key,
        tokens,
        organizationSlug: 'american-red-cross',
      });
    expect(await outcome(redeem('evt_gift', 10))).toBe('COMPLETED');
    expect(await outcome(redeem('evt_gift_too_big', 1_000))).toBe('INSUFFICIENT_BALANCE');

    // Bulk: a job with a completed item, and one whose every item fails.
    expect((await call('POST', '/v1/partner/actions/bulk', { actions: [purchase('evt_bulk_ok', 1)] })).statusCode).toBe(
      200,
    );
    await call('POST', '/v1/partner/actions/bulk', {
      actions: [purchase('evt_bulk_bad', 1, 'nobody', { autoCreateUsers: false })],
    });

    // Drain the pool: token_pool.depleted.
    const left = (await call('GET', `/v1/partner/token-pools/${pool.id}/balance`)).json().balance as number;
    expect(await outcome(call('POST', '/v1/partner/actions/submit', purchase('evt_drain', left, 'drainer')))).toBe(
      'COMPLETED',
    );

    // Allocation requests decided by an operator: refilled + approved, and rejected.
    const operator = await createOperator(w.t.database.db, 'Event test operator');
    const admin = (path: string, payload: object) =>
      w.t.app.inject({ method: 'POST', url: path, headers: { authorization: `Bearer ${operator.token}` }, payload });
    const approved = (await call('POST', '/v1/partner/token-pools/request', { tokens: 500, reason: 'more' })).json();
    expect((await admin(`/v1/admin/pool-requests/${approved.id}/approve`, {})).json().status).toBe('APPROVED');
    const rejected = (
      await call('POST', '/v1/partner/token-pools/request', { tokens: 900, reason: 'too much' })
    ).json();
    expect((await admin(`/v1/admin/pool-requests/${rejected.id}/reject`, { reason: 'not now' })).json().status).toBe(
      'REJECTED',
    );

    // A campaign: activated, paused, resumed, then its budget reached and it completes.
    const campaign = await createCampaign(w.t, sandbox(), campaignBody({ tokenBudget: 10 }, 10));
    await campaignWithStatus(w.t, sandbox(), campaign.id, 'ACTIVE');
    expect((await call('PATCH', `/v1/partner/campaigns/${campaign.id}`, { status: 'PAUSED' })).json().status).toBe(
      'PAUSED',
    );
    expect((await call('PATCH', `/v1/partner/campaigns/${campaign.id}`, { status: 'ACTIVE' })).json().status).toBe(
      'ACTIVE',
    );
    expect(
      await outcome(
        call('POST', '/v1/partner/actions/submit', purchase('evt_campaign', 5, 'user_42', { campaignId: campaign.id })),
      ),
    ).toBe('COMPLETED');
    await campaignWithStatus(w.t, sandbox(), campaign.id, 'COMPLETED');

    // A user linked to a full SIR account.
    expect(
      (await call('POST', '/v1/partner/users/user_42/upgrade', { sirAccountId: 'sir_acc_events' })).statusCode,
    ).toBe(200);

    // A key about to expire, found by the api-key-expiry schedule.
    const key = await w.t.app.inject({
      method: 'POST',
      url: '/v1/partner/keys',
      headers: { authorization: `Bearer ${w.partner.jwt}` },
      payload: {
        name: 'Expiring soon',
        environment: 'sandbox',
        expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      },
    });
    expect(key.statusCode).toBe(201);
    await w.stack.client.schedule.getHandle(workflowIds.keyExpirySchedule).trigger();

    // An endpoint that answers 410 Gone to its registration ping is disabled; the others are told.
    const gone = await w.receiver();
    gone.respond(() => ({ status: 410 }));
    await w.register({ url: gone.url(), eventTypes: ['action.completed'] });

    // An operator changes the partner's status (the registration pings above share the type).
    const status = await w.t.app.inject({
      method: 'PATCH',
      url: `/v1/admin/partners/${w.partner.partnerId}/status`,
      headers: { authorization: `Bearer ${operator.token}` },
      payload: { status: 'INACTIVE', reason: 'contract paused' },
    });
    expect(status.statusCode).toBe(200);

    const missing = await eventually(
      async () => {
        const absent = eventTypes.filter((type) => !delivered().has(type));
        return absent.length === 0 ? absent : undefined;
      },
      'every event type delivered to the wildcard endpoint',
      60_000,
    ).catch(() => eventTypes.filter((type) => !delivered().has(type)));
    expect(missing).toEqual([]);
    // Its type may have arrived already from an earlier change; this one can still be on its way.
    const statusChange = await eventually(
      async () =>
        all.requests
          .map(envelopeOf)
          .find((event) => event.type === 'partner.status_changed' && event.data.status === 'INACTIVE'),
      'the INACTIVE status change delivered',
    );
    expect(statusChange.data).toMatchObject({
      previousStatus: 'ACTIVE',
      status: 'INACTIVE',
      reason: 'contract paused',
    });
    await expectLedgerInvariants(w.t);
  });
});
