import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerActions } from '../../src/actions/action-registration.js';
import type { ActionRequest, ActionResult } from '../../src/actions/action-types.js';
import { createPoolCommitQueue } from '../../src/actions/pool-commit-queue.js';
import { activitiesWithUnreachableDeliveries } from '../support/activity-deps.js';
import { insertEndpoint } from '../support/delivery-fixtures.js';
import { fundPool, purchase } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('the applyAction activity (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** A funded partner, with a wildcard endpoint or none, and one reward registered for it. */
  async function registeredReward(key: string, withEndpoint: boolean) {
    const db = t.database.db;
    const partner = await t.createPartner();
    await fundPool(t, partner, 100);
    if (withEndpoint)
      await insertEndpoint(db, partner.partnerId, { url: 'https://hooks.example.com/sir', eventTypes: ['*'] });
    const scope = { partnerId: partner.partnerId, environment: 'sandbox' as const };
    const [registration] = await registerActions(db, scope, [purchase(key, 10) as ActionRequest], `req_${key}`);
    if (!registration || !('action' in registration)) throw new Error('registration refused');
    return { partnerId: partner.partnerId, actionId: registration.action.id };
  }

  const actionCompletedEvents = (partnerId: string) =>
    t.database.db
      .selectFrom('events')
      .select(['type', 'dispatched_at'])
      .where('partner_id', '=', partnerId)
      .where('type', '=', 'action.completed')
      .execute();

  it('hands the events it committed to webhook delivery, and a failed start of their delivery never fails the reward', async () => {
    const db = t.database.db;
    const { partnerId, actionId } = await registeredReward('activity_dispatch', true);
    const startFailed: string[] = [];
    const { applyAction } = activitiesWithUnreachableDeliveries(db, (eventType) => startFailed.push(eventType));

    const result: ActionResult = await new MockActivityEnvironment().run(applyAction, { actionId });

    expect(result.status).toBe('COMPLETED');
    // The pass recorded the deliveries of the reward's events; their workflows are left to the sweep.
    const events = await actionCompletedEvents(partnerId);
    expect(events).toEqual([{ type: 'action.completed', dispatched_at: expect.any(Date) }]);
    expect(startFailed).toContain('action.completed');
    const deliveries = await db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'workflow_started_at'])
      .where('partner_id', '=', partnerId)
      .where('event_type', '=', 'action.completed')
      .execute();
    expect(deliveries).toEqual([{ event_type: 'action.completed', workflow_started_at: null }]);
  });

  it("writes a reward's events dispatched when no endpoint of its partner could receive them, and leaves them to the pass otherwise", async () => {
    const commits = createPoolCommitQueue({ db: t.database.db });
    const eventsOf = async (withEndpoint: boolean) => {
      const { partnerId, actionId } = await registeredReward(`outbox_direct_${withEndpoint}`, withEndpoint);
      // The commit alone, no dispatch pass after it.
      expect((await commits.apply(actionId)).status).toBe('COMPLETED');
      return actionCompletedEvents(partnerId);
    };

    expect(await eventsOf(false)).toEqual([{ type: 'action.completed', dispatched_at: expect.any(Date) }]);
    expect(await eventsOf(true)).toEqual([{ type: 'action.completed', dispatched_at: null }]);
  });
});
