import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { accounts } from '../../src/ledger/account-ids.js';
import { eventually } from '../support/delivery-waits.js';
import { holdLock, waitingForLock } from '../support/held-lock.js';
import { resubmitRefused, submitActions, submitBulkJobs, type ActionLoad } from './action-load.js';
import {
  attemptsFor,
  expectEachSettledOnce,
  expectEventsDelivered,
  expectLedgerInvariants,
  recoveryTimeoutMs,
  settledActions,
} from './fault-checks.js';
import { startFaultReceiver, type Behaviour, type FaultReceiver } from './fault-receiver.js';
import { startFaultStack, type FaultStack } from './fault-stack.js';

// A few actions per scenario inside `npm test`; `npm run test:faults` sends many more.
const actions = Number(process.env.FAULTS_ACTIONS ?? 12);
const concurrency = Math.min(8, Math.max(2, Math.floor(actions / 4)));
const okAnswer: Behaviour = { kind: 'answer', status: 200 };
const scenarioTimeoutMs = 2 * recoveryTimeoutMs + 60_000;

describe('faults injected into the real API, worker, PostgreSQL and Temporal processes', () => {
  let stack: FaultStack;
  let receiver: FaultReceiver;
  let endpointId: string;

  beforeAll(async () => {
    stack = await startFaultStack({
      temporalCliPath: inject('temporalCliPath'),
      productionAppDir: inject('productionAppDir'),
    });
    receiver = await startFaultReceiver();
    const registered = await stack.call('POST', '/v1/partner/webhooks', {
      url: receiver.url,
      eventTypes: ['action.completed'],
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    endpointId = registered.body.id as string;
  }, 180_000);
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });
  beforeEach((context) => {
    context.onTestFailed(async () => console.error(await stack.logTails()));
  });

  /** Starts the load and resolves once a third of it has been accepted, so the fault lands mid-flight. */
  async function loadUnderWay(prefix: string): Promise<ActionLoad> {
    const load = submitActions(stack, prefix, actions, concurrency);
    await eventually(
      async () => (load.accepted.length >= Math.ceil(actions / 3) ? true : undefined),
      `${prefix} load to get going`,
      60_000,
    );
    return load;
  }

  /** The checks after every fault: all final, each rewarded once, ledger invariants, events delivered. */
  async function expectRecovered(prefix: string, load: ActionLoad, count = actions) {
    await load.done;
    await resubmitRefused(stack, load);
    expect(load.refused, `keys never accepted; answers ${JSON.stringify([...load.answers])}`).toEqual([]);
    const settled = await settledActions(stack.db, prefix);
    expect(settled).toHaveLength(count);
    expectEachSettledOnce(load.accepted, settled);
    await expectLedgerInvariants(stack.db);
    await expectEventsDelivered(stack.db, receiver, endpointId, settled);
  }

  /** How many of the load's actions are still PROCESSING and how many have settled. */
  async function statusCounts(prefix: string) {
    const rows = await stack.db
      .selectFrom('actions')
      .select('status')
      .where('idempotency_key', 'like', `${prefix}\\_%`)
      .execute();
    return {
      processing: rows.filter((r) => r.status === 'PROCESSING').length,
      settled: rows.filter((r) => r.status !== 'PROCESSING').length,
    };
  }

  it(
    'ledger worker SIGKILLed with actions in flight: each accepted action settles once, no reward doubled',
    async () => {
      const load = await loadUnderWay('kill_ledger');
      await stack.ledgerWorker.kill('SIGKILL');
      // Some actions were mid-workflow when the worker died; more pile up while it is down.
      await eventually(
        async () => ((await statusCounts('kill_ledger')).processing > 0 ? true : undefined),
        'an action in flight without a worker',
      );
      await stack.ledgerWorker.start();
      await expectRecovered('kill_ledger', load);
    },
    scenarioTimeoutMs,
  );

  it(
    'ledger worker SIGKILLed inside its transaction, entries written and the pool lock awaited: nothing of it commits, each action settles once',
    async () => {
      const pool = await stack.db
        .selectFrom('token_pools')
        .select('id')
        .where('status', '=', 'ACTIVE')
        .where('environment', '=', 'sandbox')
        .executeTakeFirstOrThrow();
      // A batch writes its entries and action rows first and locks the pool's account last, so with
      // that lock held here every batch stops inside its transaction, before its balance updates.
      const release = await holdLock(stack.db, (trx) =>
        sql`select 1 from ledger_accounts where id = ${accounts.pool(pool.id).id} for no key update`.execute(trx),
      );
      const load = await loadUnderWay('kill_in_txn');
      await eventually(
        async () =>
          (await waitingForLock(stack.db, '"ledger_accounts" where "id" = $1 for no key update')).length > 0
            ? true
            : undefined,
        'a batch waiting for the pool lock',
      );
      expect((await statusCounts('kill_in_txn')).settled).toBe(0);
      await stack.ledgerWorker.kill('SIGKILL');
      await release();
      // The killed batches roll back with their connections: their writes never become visible.
      expect((await statusCounts('kill_in_txn')).settled).toBe(0);
      await stack.ledgerWorker.start();
      await expectRecovered('kill_in_txn', load);
    },
    scenarioTimeoutMs,
  );

  it(
    'ledger worker SIGKILLed after its commit, before its activities report: the retries find the stored results, no reward doubled',
    async () => {
      // After the commit each activity asks whether a campaign's budget ran out; with the campaigns
      // table locked here, every committed action's activity waits there, its result unreported.
      const release = await holdLock(stack.db, (trx) =>
        sql`lock table campaigns in access exclusive mode`.execute(trx),
      );
      const load = await loadUnderWay('kill_after_commit');
      await eventually(
        async () => ((await waitingForLock(stack.db, '"campaigns"')).length > 0 ? true : undefined),
        'a committed action whose activity waits to report',
      );
      expect((await statusCounts('kill_after_commit')).settled).toBeGreaterThan(0);
      await stack.ledgerWorker.kill('SIGKILL');
      await release();
      await stack.ledgerWorker.start();
      await expectRecovered('kill_after_commit', load);
    },
    scenarioTimeoutMs,
  );

  it(
    "bulk: ledger worker SIGKILLed inside a job's transaction, then after its commit: nothing of the first commits, the retries answer the stored results, no reward doubled",
    async () => {
      const pool = await stack.db
        .selectFrom('token_pools')
        .select('id')
        .where('status', '=', 'ACTIVE')
        .where('environment', '=', 'sandbox')
        .executeTakeFirstOrThrow();
      // Inside: with the pool's account lock held here, each job's batch waits before its balance updates.
      const releasePool = await holdLock(stack.db, (trx) =>
        sql`select 1 from ledger_accounts where id = ${accounts.pool(pool.id).id} for no key update`.execute(trx),
      );
      const inside = submitBulkJobs(stack, 'bulk_in_txn', actions, 2, 5);
      await eventually(
        async () =>
          (await waitingForLock(stack.db, '"ledger_accounts" where "id" = $1 for no key update')).length > 0
            ? true
            : undefined,
        'a job waiting for the pool lock',
        60_000,
      );
      await stack.ledgerWorker.kill('SIGKILL');
      await releasePool();
      expect((await statusCounts('bulk_in_txn')).settled).toBe(0);
      await stack.ledgerWorker.start();
      await expectRecovered('bulk_in_txn', inside);

      // After: each job's activity reads the campaigns after its commit; with them locked it cannot report.
      const releaseCampaigns = await holdLock(stack.db, (trx) =>
        sql`lock table campaigns in access exclusive mode`.execute(trx),
      );
      const after = submitBulkJobs(stack, 'bulk_after_commit', actions, 2, 5);
      await eventually(
        async () => ((await waitingForLock(stack.db, '"campaigns"')).length > 0 ? true : undefined),
        'a committed job whose activity waits to report',
        60_000,
      );
      expect((await statusCounts('bulk_after_commit')).settled).toBeGreaterThan(0);
      await stack.ledgerWorker.kill('SIGKILL');
      await releaseCampaigns();
      await stack.ledgerWorker.start();
      await expectRecovered('bulk_after_commit', after);
      const jobEvents = () =>
        stack.db
          .selectFrom('events')
          .select(['type'])
          .where('type', 'like', 'bulk_job.%')
          .where(
            'request_id',
            'in',
            stack.db.selectFrom('actions').select('request_id').where('idempotency_key', 'like', 'bulk\\_%'),
          )
          .execute();
      const ended = (jobs: Array<{ type: string }>) =>
        jobs.filter((job) => job.type === 'bulk_job.started').length ===
        jobs.filter((job) => job.type !== 'bulk_job.started').length;
      // A job is answered at its actions' commit; its workflow records the job's end a step later.
      const jobs = await eventually(
        async () => {
          const recorded = await jobEvents();
          return ended(recorded) ? recorded : undefined;
        },
        "every job's end event",
        30_000,
      );
      // Every job recorded its start once and its end once, retries and all.
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs.filter((job) => job.type === 'bulk_job.started').length).toBe(
        jobs.filter((job) => job.type !== 'bulk_job.started').length,
      );
    },
    2 * scenarioTimeoutMs,
  );

  it(
    'PostgreSQL restarted in immediate mode with actions in flight: every accepted action final, invariants hold',
    async () => {
      const load = await loadUnderWay('pg_immediate');
      await stack.postgres.restartImmediate();
      await expectRecovered('pg_immediate', load);
    },
    scenarioTimeoutMs,
  );

  it(
    'application connections terminated during load: every accepted action final, invariants hold',
    async () => {
      const load = await loadUnderWay('pg_terminate');
      expect(await stack.postgres.terminateConnections()).toBeGreaterThan(0);
      await expectRecovered('pg_terminate', load);
    },
    scenarioTimeoutMs,
  );

  it(
    'webhooks worker SIGKILLed during an HTTP send to a slow receiver: each event delivered at least once under its one id',
    async () => {
      // First attempts hang long enough for the kill to land mid-send; later ones are answered at once.
      receiver.behave((_request, attempt) => (attempt === 1 ? { kind: 'slow', delayMs: 2500 } : okAnswer));
      try {
        const load = submitActions(stack, 'kill_webhooks', actions, concurrency);
        // Earlier scenarios' events are all delivered by now: an action event in progress is this load's.
        const inProgress = () =>
          receiver.received.filter((request) => request.type === 'action.completed' && request.answered === '');
        await eventually(
          async () => (inProgress().length > 0 ? true : undefined),
          'an action event send in progress',
          60_000,
        );
        const cut = inProgress().map((request) => request.eventId);
        await stack.webhooksWorker.kill('SIGKILL');
        await stack.webhooksWorker.start();
        await expectRecovered('kill_webhooks', load);
        // The sends the kill cut were never answered to a live sender, and their events still arrived.
        const accepted = receiver.acceptedEventIds();
        for (const eventId of cut) {
          expect(
            receiver.received.some((request) => request.eventId === eventId && request.answered === 'sender gone'),
          ).toBe(true);
          expect(accepted.has(eventId)).toBe(true);
        }
      } finally {
        receiver.behave(() => okAnswer);
      }
    },
    scenarioTimeoutMs,
  );

  it(
    'webhooks worker SIGKILLed mid-send to an ordered endpoint that refuses some first attempts: each event accepted once, in order, one at a time',
    async () => {
      const ordered = await startFaultReceiver();
      try {
        // Every third event is refused once; the others are answered slowly, so the kill lands mid-send.
        const eventIndex = new Map<string, number>();
        ordered.behave((request, attempt) => {
          if (request.type !== 'action.completed') return okAnswer;
          if (!eventIndex.has(request.eventId)) eventIndex.set(request.eventId, eventIndex.size);
          return attempt === 1 && eventIndex.get(request.eventId)! % 3 === 1
            ? { kind: 'answer', status: 500 }
            : { kind: 'slow', delayMs: 700 };
        });
        const registered = await stack.call('POST', '/v1/partner/webhooks', {
          url: ordered.url,
          eventTypes: ['action.completed'],
          ordered: true,
        });
        expect(registered.status, JSON.stringify(registered.body)).toBe(201);
        const orderedId = registered.body.id as string;
        const count = Math.min(actions, 6);
        const load = submitActions(stack, 'ordered_kill', count, 1);
        const sends = () => ordered.received.filter((request) => request.type === 'action.completed');
        await eventually(
          async () =>
            sends().some((request) => request.answered === '') && ordered.acceptedEventIds().size >= 2
              ? true
              : undefined,
          'an ordered send in progress',
          60_000,
        );
        await stack.webhooksWorker.kill('SIGKILL');
        await stack.webhooksWorker.start();
        await expectRecovered('ordered_kill', load, count);
        const inOrder = await eventually(
          async () => {
            const rows = await stack.db
              .selectFrom('webhook_deliveries')
              .select(['event_id', 'status'])
              .where('endpoint_id', '=', orderedId)
              .where('event_type', '=', 'action.completed')
              .orderBy('delivery_sequence')
              .execute();
            return rows.length === count && rows.every((row) => row.status === 'DELIVERED')
              ? rows.map((row) => row.event_id)
              : undefined;
          },
          'every ordered delivery',
          recoveryTimeoutMs,
        );
        // Walking the requests as they arrived: each is for the event whose turn it is, and the turn
        // moves on only once that event was accepted.
        let turn = 0;
        for (const request of sends()) {
          expect(request.eventId, `request ${sends().indexOf(request)} out of turn`).toBe(inOrder[turn]);
          if (request.answered === '200') turn++;
        }
        expect(turn).toBe(count);
        expect(sends().some((request) => request.answered === 'sender gone')).toBe(true);
        expect(sends().filter((request) => request.answered === '500').length).toBe(Math.ceil((count - 1) / 3));
      } finally {
        await ordered.close();
      }
    },
    scenarioTimeoutMs,
  );

  it(
    'Temporal dev server restarted on its kept SQLite file: in-flight workflows continue, actions final, events delivered',
    async () => {
      const load = await loadUnderWay('temporal_restart');
      await stack.restartTemporal();
      await expectRecovered('temporal_restart', load);
    },
    scenarioTimeoutMs,
  );

  it(
    'webhook receiver down (connection refused), then up: each event delivered',
    async () => {
      const count = Math.min(actions, 4);
      await receiver.down();
      const load = submitActions(stack, 'receiver_down', count, 2);
      try {
        await eventually(
          async () =>
            (await attemptsFor(stack.db, endpointId, 'receiver_down')).some(
              (a) => !a.succeeded && a.responseStatus === null,
            )
              ? true
              : undefined,
          'a refused attempt',
          60_000,
        );
      } finally {
        await receiver.up();
      }
      await expectRecovered('receiver_down', load, count);
    },
    scenarioTimeoutMs,
  );

  it(
    'webhook receiver answering 500, then 429 with Retry-After, then resetting the connection: each event delivered',
    async () => {
      const count = Math.min(actions, 4);
      const failures: Behaviour[] = [
        { kind: 'answer', status: 500 },
        { kind: 'answer', status: 429, headers: { 'retry-after': '1' } },
        { kind: 'reset' },
      ];
      receiver.behave((_request, attempt) => failures[attempt - 1] ?? okAnswer);
      try {
        const load = submitActions(stack, 'receiver_errors', count, 2);
        await expectRecovered('receiver_errors', load, count);
      } finally {
        receiver.behave(() => okAnswer);
      }
      const attempts = await attemptsFor(stack.db, endpointId, 'receiver_errors');
      const deliveryIds = [...new Set(attempts.map((attempt) => attempt.deliveryId))];
      expect(deliveryIds).toHaveLength(count);
      for (const deliveryId of deliveryIds) {
        const tries = attempts.filter((attempt) => attempt.deliveryId === deliveryId);
        expect(tries.map((attempt) => [attempt.responseStatus, attempt.succeeded])).toEqual([
          [500, false],
          [429, false],
          [null, false],
          [200, true],
        ]);
      }
    },
    scenarioTimeoutMs,
  );

  it(
    'webhook receiver answering 410: its endpoint is disabled, webhook_endpoint.disabled recorded, its deliveries closed',
    async () => {
      const gone = await startFaultReceiver();
      try {
        // The registration ping is accepted; the endpoint is gone by the time actions' events come.
        gone.behave((request) => (request.type === 'action.completed' ? { kind: 'answer', status: 410 } : okAnswer));
        const registered = await stack.call('POST', '/v1/partner/webhooks', {
          url: gone.url,
          eventTypes: ['action.completed'],
        });
        expect(registered.status).toBe(201);
        const goneId = registered.body.id as string;
        const count = Math.min(actions, 3);
        const load = submitActions(stack, 'receiver_gone', count, 1);
        // The partner's other endpoint keeps receiving everything.
        await expectRecovered('receiver_gone', load, count);
        const endpoint = await eventually(
          async () => {
            const row = await stack.db
              .selectFrom('webhook_endpoints')
              .select(['is_active', 'disabled_reason'])
              .where('id', '=', goneId)
              .executeTakeFirstOrThrow();
            return row.is_active ? undefined : row;
          },
          'the endpoint to be disabled',
          recoveryTimeoutMs,
        );
        expect(endpoint.disabled_reason).toBeTruthy();
        const notices = await stack.db
          .selectFrom('events')
          .select('id')
          .where('type', '=', 'webhook_endpoint.disabled')
          .where(sql<boolean>`data->>'webhookId' = ${goneId}`)
          .execute();
        expect(notices).toHaveLength(1);
        const deliveries = await eventually(
          async () => {
            const rows = await stack.db
              .selectFrom('webhook_deliveries')
              .select(['status', 'last_response_status'])
              .where('endpoint_id', '=', goneId)
              .where('event_type', '=', 'action.completed')
              .execute();
            // Deliveries created after the endpoint was disabled are cancelled; none is left pending or retrying.
            return rows.length > 0 && rows.every((row) => row.status === 'FAILED' || row.status === 'CANCELLED')
              ? rows
              : undefined;
          },
          'every delivery to the gone endpoint to close',
          recoveryTimeoutMs,
        );
        expect(
          deliveries.filter((row) => row.status === 'FAILED' && row.last_response_status === 410).length,
        ).toBeGreaterThan(0);
        expect(gone.received.some((request) => request.answered === '410')).toBe(true);
      } finally {
        await gone.close();
      }
    },
    scenarioTimeoutMs,
  );
});
