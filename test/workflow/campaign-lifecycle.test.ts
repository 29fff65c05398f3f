import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { defaultRewardRules } from '../../src/campaigns/reward-rules.js';
import { createCampaignService, type CampaignInput } from '../../src/campaigns/campaign-service.js';
import type { NewCampaign } from '../../src/campaigns/campaign-types.js';
import { ApiError } from '../../src/errors.js';
import { randomToken } from '../../src/ids.js';
import { createPartnerAccount } from '../../src/portal/create-partner-account.js';
import { createCampaignWorkflows, type CampaignWorkflowOptions } from '../../src/temporal/client/campaign-workflows.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import type { campaignLifecycle } from '../../workflows/campaign-lifecycle.js';
import { lifecycleStateQuery } from '../../workflows/campaign-messages.js';
import { testActivityDependencies } from '../support/activity-deps.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTimeSkippingEnvironment } from '../support/time-skipping-environment.js';
import { testPasswordHashCost } from '../support/test-secrets.js';

const dayMs = 24 * 3600 * 1000;
const days = (n: number) => n * dayMs;

let env: TestWorkflowEnvironment;
let bundleCode: string;
let database: TestDatabase;
let scope: { partnerId: string; environment: 'sandbox' };

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  bundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
  database = await createTestDatabase();
  const { partner } = await createPartnerAccount(
    database.db,
    {
      email: `${randomToken(8)}@example.com`,
      password: 'pw-campaigns',
      name: 'Ops',
      partnerName: 'Campaigns',
    },
    testPasswordHashCost,
  );
  scope = { partnerId: partner.id, environment: 'sandbox' };
});
afterAll(async () => {
  await env?.teardown();
  await database?.drop();
});

/**
 * A fresh worker on its own task queue running the real activities on PostgreSQL, and the service
 * the API uses, with the test server's clock as "now" and no custom search attributes (the
 * time-skipping server has none).
 */
async function withCampaigns<T>(
  run: (t: {
    service: ReturnType<typeof createCampaignService>;
    t0: number;
    options: CampaignWorkflowOptions;
  }) => Promise<T>,
  historyLimit?: number,
) {
  const taskQueue = `campaigns-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: bundleCode },
    activities: createActivities(testActivityDependencies(database.db, env.client)),
  });
  const options = { taskQueue, searchAttributes: false, historyLimit };
  const workflows = createCampaignWorkflows(env.client, options);
  const started: string[] = [];
  const tracked = { ...workflows, start: async (c: NewCampaign) => (started.push(c.id), workflows.start(c)) };
  const t0 = await env.currentTimeMs();
  const service = createCampaignService({ db: database.db, workflows: tracked, now: () => new Date(t0) });
  return worker.runUntil(async () => {
    try {
      return await run({ service, t0, options });
    } finally {
      // A lifecycle left running would fire its timers on a queue no worker polls any more, and
      // the test server's clock waits for that workflow task (terminating one mid-task leaves the
      // same wait): end each through its own update, after whatever it still has queued.
      for (const id of started) {
        await workflows.change(id, { status: 'COMPLETED' }).catch(() => undefined);
        await handle(id).result();
      }
    }
  });
}

const at = (t0: number, day: number) => new Date(t0 + days(day)).toISOString();
const campaign = (t0: number, startDay: number, endDay: number | null): CampaignInput => ({
  name: 'Winter drive',
  startsAt: at(t0, startDay),
  endsAt: endDay === null ? null : at(t0, endDay),
  tokenBudget: 1000,
  rewardRules: defaultRewardRules,
});

/** Advances workflow time to `day` days after t0. */
async function skipTo(t0: number, day: number) {
  await env.sleep(t0 + days(day) - (await env.currentTimeMs()));
}

const row = (id: string) =>
  database.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
/** The campaign's lifecycle events in workflow-time order, as [type, day after t0, previous status]. */
async function lifecycleEvents(id: string, t0: number) {
  const events = await database.db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('type', 'like', 'campaign.%')
    .where(sql`data->'campaign'->>'id'`, '=', id)
    .orderBy(sql`data->>'occurredAt'`)
    .execute();
  return events.map((e) => [e.type, dayOf(t0, e.data.occurredAt as string), e.data.previousStatus]);
}
/** Workflow-time days after t0, to the minute. */
const dayOf = (t0: number, iso: string | Date | null) =>
  Math.round(((new Date(iso!).getTime() - t0) / dayMs) * 1440) / 1440;
const handle = (id: string) => env.client.workflow.getHandle<typeof campaignLifecycle>(workflowIds.campaign(id));

describe('campaignLifecycle across weeks of workflow time, on PostgreSQL', () => {
  it('activates at day 7 and completes at day 21', async () => {
    await withCampaigns(async ({ service, t0 }) => {
      const created = await service.create(scope, campaign(t0, 7, 21), 'req_create');
      expect(created).toMatchObject({ status: 'DRAFT', activatedAt: null });

      await skipTo(t0, 6.9);
      expect((await row(created.id)).status).toBe('DRAFT');
      await skipTo(t0, 7.1);
      const active = await row(created.id);
      expect(active.status).toBe('ACTIVE');
      expect(dayOf(t0, active.activated_at)).toBe(7);

      await skipTo(t0, 20.9);
      expect((await row(created.id)).status).toBe('ACTIVE');
      await skipTo(t0, 21.1);
      const done = await row(created.id);
      expect(done).toMatchObject({ status: 'COMPLETED', completion_reason: 'SCHEDULE' });
      expect(dayOf(t0, done.completed_at)).toBe(21);
      expect(await lifecycleEvents(created.id, t0)).toEqual([
        ['campaign.activated', 7, 'DRAFT'],
        ['campaign.completed', 21, 'ACTIVE'],
      ]);
      expect(await handle(created.id).result()).toMatchObject({ status: 'COMPLETED', version: 2 });
    });
  });

  it('pauses at day 10, resumes at day 12, and still ends at day 21', async () => {
    await withCampaigns(async ({ service, t0 }) => {
      const { id } = await service.create(scope, campaign(t0, 7, 21), null);
      await skipTo(t0, 10);
      expect(await service.update(scope, id, { status: 'PAUSED' })).toMatchObject({ status: 'PAUSED' });
      expect(dayOf(t0, (await row(id)).paused_at)).toBe(10);
      await skipTo(t0, 12);
      expect(await service.update(scope, id, { status: 'ACTIVE' })).toMatchObject({ status: 'ACTIVE', pausedAt: null });
      expect(dayOf(t0, (await row(id)).activated_at)).toBe(7);
      await skipTo(t0, 21.1);
      expect(await row(id)).toMatchObject({ status: 'COMPLETED', completion_reason: 'SCHEDULE' });
      expect(await lifecycleEvents(id, t0)).toEqual([
        ['campaign.activated', 7, 'DRAFT'],
        ['campaign.paused', 10, 'ACTIVE'],
        ['campaign.activated', 12, 'PAUSED'],
        ['campaign.completed', 21, 'ACTIVE'],
      ]);
    });
  });

  it('completes a paused campaign at endsAt', async () => {
    await withCampaigns(async ({ service, t0 }) => {
      const { id } = await service.create(scope, campaign(t0, 1, 5), null);
      await skipTo(t0, 2);
      await service.update(scope, id, { status: 'PAUSED' });
      await skipTo(t0, 5.5);
      expect(await lifecycleEvents(id, t0)).toEqual([
        ['campaign.activated', 1, 'DRAFT'],
        ['campaign.paused', 2, 'ACTIVE'],
        ['campaign.completed', 5, 'PAUSED'],
      ]);
    });
  });

  it('moves the end timer when endsAt is rescheduled earlier, then later', async () => {
    await withCampaigns(async ({ service, t0 }) => {
      const { id } = await service.create(scope, campaign(t0, 7, 21), null);
      await skipTo(t0, 8);
      expect(await service.update(scope, id, { endsAt: at(t0, 14) })).toMatchObject({ endsAt: at(t0, 14) });
      await skipTo(t0, 13.9);
      await service.update(scope, id, { endsAt: at(t0, 28) });
      await skipTo(t0, 21.5);
      expect((await row(id)).status).toBe('ACTIVE');
      await skipTo(t0, 28.1);
      const done = await row(id);
      expect(done.status).toBe('COMPLETED');
      expect(dayOf(t0, done.completed_at)).toBe(28);
    });
  });

  it('moves the start timer when a draft is rescheduled to start sooner', async () => {
    await withCampaigns(async ({ service, t0 }) => {
      const { id } = await service.create(scope, campaign(t0, 7, null), null);
      await skipTo(t0, 1);
      await service.update(scope, id, { startsAt: at(t0, 3) });
      await skipTo(t0, 3.5);
      const active = await row(id);
      expect(active).toMatchObject({ status: 'ACTIVE', ends_at: null });
      expect(dayOf(t0, active.activated_at)).toBe(3);
    });
  });

  it('activates at once when created with startsAt in the past', async () => {
    await withCampaigns(async ({ service, t0 }) => {
      const { id } = await service.create(scope, campaign(t0, -1, 2), null);
      await skipTo(t0, 0.01);
      expect(dayOf(t0, (await row(id)).activated_at)).toBe(0);
    });
  });
});

describe('changes the lifecycle refuses', () => {
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => (error instanceof ApiError ? { status: error.status, code: error.code } : error),
    );

  it('rejects invalid transitions in the update validator, leaving no trace in the history', async () => {
    await withCampaigns(async ({ service, t0 }) => {
      const { id } = await service.create(scope, campaign(t0, 7, 21), null);
      expect(await refusal(service.update(scope, id, { status: 'PAUSED' }))).toEqual({
        status: 409,
        code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED',
      });
      expect(await refusal(service.update(scope, id, { status: 'ACTIVE' }))).toEqual({
        status: 409,
        code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED',
      });
      await skipTo(t0, 8);
      expect(await refusal(service.update(scope, id, { startsAt: at(t0, 9) }))).toEqual({
        status: 409,
        code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED',
      });
      expect(await refusal(service.update(scope, id, { endsAt: at(t0, 7.5) }))).toEqual({
        status: 422,
        code: 'INVALID_CAMPAIGN_CHANGE',
      });
      expect(await refusal(service.update(scope, id, { tokenBudget: 999 }))).toEqual({
        status: 422,
        code: 'INVALID_CAMPAIGN_CHANGE',
      });
      const history = await handle(id).fetchHistory();
      expect(history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toEqual([]);
      expect(await row(id)).toMatchObject({ status: 'ACTIVE', token_budget: 1000, lifecycle_version: 1 });
    });
  });

  it('refuses every lifecycle change once completed, and still renames', async () => {
    await withCampaigns(async ({ service, t0, options }) => {
      const { id } = await service.create(scope, campaign(t0, 1, 2), null);
      await skipTo(t0, 2.5);
      await handle(id).result();
      expect(await refusal(service.update(scope, id, { status: 'ACTIVE' }))).toEqual({
        status: 409,
        code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED',
      });
      expect(await refusal(createCampaignWorkflows(env.client, options).change(id, { tokenBudget: 5000 }))).toEqual({
        status: 409,
        code: 'CAMPAIGN_TRANSITION_NOT_ALLOWED',
      });
      expect(await service.update(scope, id, { name: 'Winter drive (archived)', status: 'COMPLETED' })).toMatchObject({
        name: 'Winter drive (archived)',
        status: 'COMPLETED',
      });
    });
  });
});

describe('budget reached', () => {
  const useBudget = (id: string) =>
    database.db
      .updateTable('campaigns')
      .set({ tokens_distributed: sql`token_budget`, budget_reached_at: sql`now()` })
      .where('id', '=', id)
      .execute();

  it('completes the campaign when told its budget is used up', async () => {
    await withCampaigns(async ({ service, t0, options }) => {
      const { id } = await service.create(scope, campaign(t0, 1, 30), null);
      await skipTo(t0, 3);
      await useBudget(id);
      await createCampaignWorkflows(env.client, options).budgetReached(id);
      expect(await handle(id).result()).toMatchObject({ status: 'COMPLETED' });
      const done = await row(id);
      expect(done).toMatchObject({ status: 'COMPLETED', completion_reason: 'BUDGET_REACHED' });
      expect(dayOf(t0, done.completed_at)).toBe(3);
    });
  });

  it('keeps running when the budget was raised before the signal was handled', async () => {
    await withCampaigns(async ({ service, t0, options }) => {
      const { id } = await service.create(scope, campaign(t0, 1, 30), null);
      await skipTo(t0, 3);
      await useBudget(id);
      await service.update(scope, id, { tokenBudget: 1500 });
      await createCampaignWorkflows(env.client, options).budgetReached(id);
      expect(await service.update(scope, id, { name: 'still running' })).toMatchObject({
        status: 'ACTIVE',
        tokenBudget: 1500,
        budgetReachedAt: null,
      });
      expect((await handle(id).query(lifecycleStateQuery)).status).toBe('ACTIVE');
    });
  });
});

describe('long lives', () => {
  it('continues as new when its history grows, keeping the state it reached', async () => {
    await withCampaigns(async ({ service, t0 }) => {
      const { id } = await service.create(scope, campaign(t0, 1, 30), null);
      await skipTo(t0, 2);
      for (let i = 0; i < 4; i++) {
        await service.update(scope, id, { status: 'PAUSED' });
        await service.update(scope, id, { status: 'ACTIVE' });
      }
      await service.update(scope, id, { status: 'PAUSED' });
      await skipTo(t0, 3);
      const latestRun = await handle(id).fetchHistory();
      expect(latestRun.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toMatch(/./);
      expect(await handle(id).query(lifecycleStateQuery)).toMatchObject({ status: 'PAUSED', version: 10 });
      await skipTo(t0, 30.5);
      expect(await row(id)).toMatchObject({
        status: 'COMPLETED',
        completion_reason: 'SCHEDULE',
        lifecycle_version: 11,
      });
      expect(await lifecycleEvents(id, t0)).toHaveLength(11);
    }, 40);
  });
});
