import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerActions } from '../../src/actions/action-registration.js';
import type { ActionRequest, ActionResult } from '../../src/actions/action-types.js';
import type { RedemptionView } from '../../src/redemptions/redemption-types.js';
import { createRedemptionSubmission } from '../../src/redemptions/redemption-submission.js';
import type { ReversalResult } from '../../src/reversals/reversal-types.js';
import { createReversalSubmission } from '../../src/reversals/reversal-submission.js';
import { activitiesWithUnreachableDeliveries } from '../support/activity-deps.js';
import { insertEndpoint } from '../support/delivery-fixtures.js';
import { fundPool, purchase } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('the reversal and redemption activities (real PostgreSQL)', () => {
  let t: TestApp;
  let partner: TestPartner;
  let activities: ReturnType<typeof activitiesWithUnreachableDeliveries>;
  const scope = () => ({ partnerId: partner.partnerId, environment: 'sandbox' as const });

  beforeAll(async () => {
    t = await createTestApp();
    partner = await t.createPartner();
    await fundPool(t, partner, 1_000);
    await insertEndpoint(t.database.db, partner.partnerId, { url: 'https://hooks.example.com/sir', eventTypes: ['*'] });
    activities = activitiesWithUnreachableDeliveries(t.database.db);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Whether each event of these types was handed to webhook delivery (marked dispatched). */
  async function dispatched(types: string[]) {
    const events = await t.database.db
      .selectFrom('events')
      .select(['type', 'dispatched_at'])
      .where('partner_id', '=', partner.partnerId)
      .where('type', 'in', types)
      .execute();
    return Object.fromEntries(events.map((event) => [event.type, event.dispatched_at !== null]));
  }

  async function completedAction(key: string, user: string): Promise<string> {
    const [registration] = await registerActions(
      t.database.db,
      scope(),
      [purchase(key, 40, user) as ActionRequest],
      `req_${key}`,
    );
    if (!registration || !('action' in registration)) throw new Error('registration refused');
    const result: ActionResult = await new MockActivityEnvironment().run(activities.applyAction, {
      actionId: registration.action.id,
    });
    expect(result.status).toBe('COMPLETED');
    return result.actionId;
  }

  it('applyReversal hands the events it committed to webhook delivery', async () => {
    const actionId = await completedAction('reversed_action', 'reversal_user');
    const reverse = createReversalSubmission<ReversalResult>({
      db: t.database.db,
      workflows: {
        start: async (reversal): Promise<ReversalResult> =>
          new MockActivityEnvironment().run(activities.applyReversal, { reversalId: reversal.id }),
        resultWithin: async (result) => result,
      },
      syncWaitMs: 1000,
    });

    const { result } = await reverse(
      scope(),
      actionId,
      { reversalPercentage: 100, reason: 'refund', refundIdempotencyKey: 'refund_dispatch' },
      'req_reversal_dispatch',
    );

    expect(result.status).toBe('COMPLETED');
    expect(await dispatched(['action.reversed', 'transaction.reversed'])).toEqual({
      'action.reversed': true,
      'transaction.reversed': true,
    });
  });

  /** Runs a redemption's review, then its fulfilment when approved, as redeemTokens does. */
  const redeem = () =>
    createRedemptionSubmission<RedemptionView>({
      db: t.database.db,
      workflows: {
        async start(redemption): Promise<RedemptionView> {
          const input = { redemptionId: redemption.id };
          const reviewed: RedemptionView = await new MockActivityEnvironment().run(activities.reviewRedemption, input);
          return reviewed.status === 'APPROVED'
            ? new MockActivityEnvironment().run(activities.fulfilRedemption, input)
            : reviewed;
        },
        resultWithin: async (result) => result,
      },
      syncWaitMs: 1000,
    });

  it('a completed redemption hands its approval and completion to webhook delivery', async () => {
    await completedAction('redeemed_action', 'redeeming_user');
    const { result } = await redeem()(
      scope(),
      'redeeming_user',
      { idempotencyKey: 'redemption_dispatch', tokens: 10, organizationSlug: 'feeding-america' },
      'req_redemption_dispatch',
    );

    expect(result.status).toBe('COMPLETED');
    expect(await dispatched(['redemption.approved', 'redemption.completed'])).toEqual({
      'redemption.approved': true,
      'redemption.completed': true,
    });
  });

  it('a rejected redemption hands its rejection to webhook delivery', async () => {
    await completedAction('short_action', 'short_user');
    const { result } = await redeem()(
      scope(),
      'short_user',
      { idempotencyKey: 'redemption_rejected', tokens: 500, organizationSlug: 'feeding-america' },
      'req_redemption_rejected',
    );

    expect(result.status).toBe('REJECTED');
    expect(await dispatched(['redemption.rejected'])).toEqual({ 'redemption.rejected': true });
  });
});
