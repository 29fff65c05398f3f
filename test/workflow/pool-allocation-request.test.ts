import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { PartnerScope } from '../../src/partner-scope.js';
import { ApiError } from '../../src/errors.js';
import { randomToken } from '../../src/ids.js';
import { accounts } from '../../src/ledger/account-ids.js';
import { checkLedgerInvariants } from '../../src/ledger/ledger-invariants.js';
import { createPartnerAccount } from '../../src/portal/create-partner-account.js';
import { createPoolRequestAdmin } from '../../src/pool-requests/pool-request-admin.js';
import { createPoolRequestService } from '../../src/pool-requests/pool-request-service.js';
import { settlePoolRequest } from '../../src/pool-requests/settle-pool-request.js';
import { createTokenPool } from '../../src/pools/create-token-pool.js';
import { accountBalance } from '../../src/pools/token-pool-repository.js';
import { createPoolRequestWorkflows } from '../../src/temporal/client/pool-request-workflows.js';
import { workflowIds } from '../../src/temporal/contract/workflow-ids.js';
import type { poolAllocationRequest } from '../../workflows/pool-allocation-request.js';
import { testActivityDependencies } from '../support/activity-deps.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTimeSkippingEnvironment } from '../support/time-skipping-environment.js';
import { testPasswordHashCost } from '../support/test-secrets.js';

const hourMs = 3_600_000;
const expiryHours = 72;

let env: TestWorkflowEnvironment;
let bundleCode: string;
let database: TestDatabase;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  bundleCode = await readFile(inject('workflowBundlePath'), 'utf8');
  database = await createTestDatabase();
});
afterAll(async () => {
  await env?.teardown();
  await database?.drop();
});

async function newPartner(): Promise<PartnerScope> {
  const { partner } = await createPartnerAccount(
    database.db,
    {
      email: `${randomToken(8)}@example.com`,
      password: 'pw-pool-requests',
      name: 'Ops',
      partnerName: 'Pool requests',
    },
    testPasswordHashCost,
  );
  return { partnerId: partner.id, environment: 'sandbox' };
}

/**
 * A fresh worker on its own task queue running the real activities on PostgreSQL, the partner and
 * operator services the API uses, and the test server's clock as "now" (no custom search
 * attributes: the time-skipping server has none). Every test settles what it starts.
 */
async function withRequests<T>(
  run: (t: {
    service: ReturnType<typeof createPoolRequestService>;
    admin: ReturnType<typeof createPoolRequestAdmin>;
    t0: number;
  }) => Promise<T>,
) {
  const taskQueue = `pool-requests-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: bundleCode },
    activities: createActivities(testActivityDependencies(database.db, env.client)),
  });
  const workflows = createPoolRequestWorkflows(env.client, { taskQueue, searchAttributes: false });
  const t0 = await env.currentTimeMs();
  const service = createPoolRequestService({ db: database.db, workflows, expiryHours, now: () => new Date(t0) });
  return worker.runUntil(run({ service, admin: createPoolRequestAdmin({ db: database.db, workflows }), t0 }));
}

const handle = (id: string) => env.client.workflow.getHandle<typeof poolAllocationRequest>(workflowIds.poolRequest(id));
const row = (id: string) =>
  database.db.selectFrom('token_pool_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const hoursAfter = (t0: number, at: Date | null) => (at!.getTime() - t0) / hourMs;
const skipTo = async (t0: number, hours: number) => env.sleep(t0 + hours * hourMs - (await env.currentTimeMs()));
const poolBalance = (poolId: string) => accountBalance(database.db, accounts.pool(poolId).id);
const eventsAbout = async (requestId: string) =>
  (
    await database.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('type', 'like', 'token_pool_request.%')
      .execute()
  ).filter((event) => (event.data.request as { id: string }).id === requestId);
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof ApiError ? error.code : error),
  );

describe('poolAllocationRequest over hours of workflow time, on PostgreSQL', () => {
  it('expires after POOL_REQUEST_EXPIRY_HOURS without an operator, crediting nothing', async () => {
    const scope = await newPartner();
    const pool = await createTokenPool(database.db, scope, {
      name: 'Main',
      initialTokens: 1000,
      lowBalanceThreshold: 0,
    });
    await withRequests(async ({ service, admin, t0 }) => {
      const { request: created } = await service.request(
        scope,
        { tokens: 500, reason: 'spring drive' },
        'req_expiring',
      );
      expect(created).toMatchObject({
        status: 'PENDING',
        poolId: pool.id,
        tokensRequested: 500,
        expiresAt: new Date(t0 + expiryHours * hourMs).toISOString(),
      });

      await skipTo(t0, expiryHours - 0.1);
      expect((await row(created.id)).status).toBe('PENDING');
      expect(await handle(created.id).result()).toEqual({
        requestId: created.id,
        status: 'EXPIRED',
        poolId: pool.id,
        tokensApproved: null,
      });
      const expired = await row(created.id);
      expect(expired).toMatchObject({ status: 'EXPIRED', tokens_approved: null, transaction_id: null });
      // The timer fires at expiresAt; the settling workflow task starts a few milliseconds later.
      expect(hoursAfter(t0, expired.decided_at)).toBeCloseTo(expiryHours, 3);

      expect(await refusalOf(admin.approve(created.id, 'opr_test'))).toBe('POOL_REQUEST_NOT_PENDING');
      expect(await poolBalance(pool.id)).toBe(1000);
      expect(await eventsAbout(created.id)).toEqual([]);
    });
  });

  it('credits the pool when approved before expiry, for less than asked, and re-arms its low-balance warning', async () => {
    const scope = await newPartner();
    const pool = await createTokenPool(database.db, scope, {
      name: 'Main',
      initialTokens: 1000,
      lowBalanceThreshold: 1500,
    });
    // The pool already warned of its low balance.
    await database.db
      .updateTable('token_pools')
      .set({ low_balance_notified: true })
      .where('id', '=', pool.id)
      .execute();
    await withRequests(async ({ service, admin, t0 }) => {
      const { request: created } = await service.request(scope, { tokens: 1000, reason: 'holiday season' }, null);
      await skipTo(t0, 24);
      const approved = await admin.approve(created.id, 'opr_test', { tokens: 800, note: 'first tranche' });
      expect(approved).toMatchObject({
        status: 'APPROVED',
        tokensRequested: 1000,
        tokensApproved: 800,
        decisionNote: 'first tranche',
        decidedBy: 'opr_test',
        poolId: pool.id,
        transactionId: expect.stringMatching(/^txn_/),
      });
      expect(hoursAfter(t0, new Date(approved.decidedAt!))).toBeCloseTo(24, 2);
      expect(await handle(created.id).result()).toEqual({
        requestId: created.id,
        status: 'APPROVED',
        poolId: pool.id,
        tokensApproved: 800,
      });

      expect(await poolBalance(pool.id)).toBe(1800);
      expect(
        await database.db
          .selectFrom('token_pools')
          .select('low_balance_notified')
          .where('id', '=', pool.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ low_balance_notified: false });
      expect((await eventsAbout(created.id)).map((e) => e.type)).toEqual(['token_pool_request.approved']);
      expect(await checkLedgerInvariants(database.db)).toEqual([]);
      // A second decision reaches the finished workflow, which refuses it as well.
      expect(await refusalOf(admin.approve(created.id, 'opr_test'))).toBe('POOL_REQUEST_NOT_PENDING');
      expect(
        await refusalOf(
          createPoolRequestWorkflows(env.client).decide(created.id, { kind: 'approve', decidedBy: 'opr_test' }),
        ),
      ).toBe('POOL_REQUEST_NOT_PENDING');
    });
  });

  it('refuses approving more than requested, leaving the request PENDING, then records a rejection with its reason', async () => {
    const scope = await newPartner();
    const pool = await createTokenPool(database.db, scope, {
      name: 'Main',
      initialTokens: 100,
      lowBalanceThreshold: 0,
    });
    await withRequests(async ({ service, admin, t0 }) => {
      const { request: created } = await service.request(scope, { tokens: 300, reason: 'more' }, null);
      expect(await refusalOf(admin.approve(created.id, 'opr_test', { tokens: 301 }))).toBe(
        'INVALID_POOL_REQUEST_DECISION',
      );
      expect((await row(created.id)).status).toBe('PENDING');

      await skipTo(t0, 1);
      expect(await admin.reject(created.id, 'opr_test', 'budget exhausted this quarter')).toMatchObject({
        status: 'REJECTED',
        decisionNote: 'budget exhausted this quarter',
        tokensApproved: null,
      });
      expect(await handle(created.id).result()).toMatchObject({ status: 'REJECTED' });
      expect(await eventsAbout(created.id)).toEqual([
        {
          type: 'token_pool_request.rejected',
          data: {
            request: expect.objectContaining({
              id: created.id,
              status: 'REJECTED',
              decisionNote: 'budget exhausted this quarter',
            }),
          },
        },
      ]);
      expect(await poolBalance(pool.id)).toBe(100);
    });
  });

  it('opens a new pool on approval when the partner had none in that environment', async () => {
    const scope = await newPartner();
    await withRequests(async ({ service, admin }) => {
      const { request: created } = await service.request(scope, { tokens: 20_000, reason: 'launch' }, null);
      expect(created.poolId).toBeNull();
      const approved = await admin.approve(created.id, 'opr_test');
      expect(approved).toMatchObject({
        status: 'APPROVED',
        tokensApproved: 20_000,
        poolId: expect.stringMatching(/^pool_/),
      });
      await handle(created.id).result();
      const pool = await database.db
        .selectFrom('token_pools')
        .selectAll()
        .where('id', '=', approved.poolId!)
        .executeTakeFirstOrThrow();
      expect(pool).toMatchObject({
        partner_id: scope.partnerId,
        environment: 'sandbox',
        status: 'ACTIVE',
        name: 'Sandbox pool',
        low_balance_threshold: 2000,
      });
      expect(await poolBalance(pool.id)).toBe(20_000);
      expect(await checkLedgerInvariants(database.db)).toEqual([]);
    });
  });
});

describe('settling a pool request', () => {
  it('credits once however often the activity is retried after its commit', async () => {
    const scope = await newPartner();
    const pool = await createTokenPool(database.db, scope, { name: 'Main', initialTokens: 10, lowBalanceThreshold: 0 });
    const id = `tpr_${randomToken(20)}`;
    await database.db
      .insertInto('token_pool_requests')
      .values({
        id,
        partner_id: scope.partnerId,
        environment: 'sandbox',
        pool_id: pool.id,
        tokens_requested: 50,
        reason: 'retry',
        status: 'PENDING',
        expires_at: new Date(Date.now() + hourMs),
      })
      .execute();
    const input = {
      requestId: id,
      settlement: { kind: 'approve' as const, decidedBy: 'opr_test', tokens: 50, note: null },
      at: new Date().toISOString(),
    };
    const first = await settlePoolRequest(database.db, input);
    expect(await settlePoolRequest(database.db, input)).toEqual(first);
    expect(await settlePoolRequest(database.db, { ...input, settlement: { kind: 'expire' } })).toEqual(first);
    expect(await poolBalance(pool.id)).toBe(60);
    const refills = await database.db
      .selectFrom('events')
      .select('data')
      .where('partner_id', '=', scope.partnerId)
      .where('type', '=', 'token_pool.refilled')
      .execute();
    expect(refills.map((e) => e.data.tokensAdded)).toEqual([10, 50]);
    expect(await checkLedgerInvariants(database.db)).toEqual([]);
  });
});
