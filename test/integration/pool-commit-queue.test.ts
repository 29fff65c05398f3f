import { MockActivityEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { registerActions } from '../../src/actions/action-registration.js';
import type { ActionRequest, ActionResult } from '../../src/actions/action-types.js';
import { applyActions } from '../../src/actions/apply-action.js';
import { planAction, type BatchBook } from '../../src/actions/plan-action.js';
import { createPoolCommitQueue } from '../../src/actions/pool-commit-queue.js';
import type { TokenPool } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';
import { accounts } from '../../src/ledger/account-ids.js';
import { postTransaction } from '../../src/ledger/post-transaction.js';
import { accountBalance } from '../../src/pools/token-pool-repository.js';
import { createSettlementListener } from '../../src/ledger/settlements.js';
import { testActivityDependencies } from '../support/activity-deps.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp, type TestPartner } from '../support/test-app.js';

describe('group commit per pool (real PostgreSQL)', () => {
  let t: TestApp;
  let partner: TestPartner;
  let pool: TokenPool;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  // A partner per test: each starts from its own pool and users.
  const fund = async (tokens: number) => {
    partner = await t.createPartner();
    pool = await fundPool(t, partner, tokens);
  };

  const db = () => t.database.db;
  const scope = () => ({ partnerId: partner.partnerId, environment: 'sandbox' as const });
  const poolBalance = () => accountBalance(db(), accounts.pool(pool.id).id);
  async function register(requests: Array<ReturnType<typeof purchase>>): Promise<string[]> {
    const registrations = await registerActions(db(), scope(), requests as ActionRequest[], `req_${newId('req')}`);
    return registrations.map((registration) => {
      if (!('action' in registration)) throw new Error('idempotency conflict');
      return registration.action.id;
    });
  }
  const rewardsOf = async (actionId: string) =>
    (
      await db()
        .selectFrom('ledger_transactions')
        .select('id')
        .where('action_id', '=', actionId)
        .where('kind', '=', 'reward')
        .execute()
    ).length;

  it('applies 200 concurrent actions on one pool in shared transactions, debiting the pool once per action', async () => {
    await fund(10_000);
    const ids = await register(Array.from({ length: 200 }, (_, i) => purchase(`hot_${i}`, 3, `user_${i % 7}`)));
    const queue = createPoolCommitQueue({ db: db() });

    const results = await Promise.all(ids.map((id) => queue.apply(id)));

    expect(results.map((r) => r.status)).toEqual(ids.map(() => 'COMPLETED'));
    expect(results.every((r) => r.tokensDistributed === 3 && r.transactionIds.length === 1)).toBe(true);
    expect(await poolBalance()).toBe(10_000 - 200 * 3);
    for (const id of ids) expect(await rewardsOf(id)).toBe(1);
    // Actions committed together share their transaction's start time.
    const { rows } = await sql<{
      n: number;
    }>`select count(distinct completed_at)::int as n from actions where id = any(${ids})`.execute(db());
    expect(rows[0]!.n).toBeLessThan(100);
    await expectLedgerInvariants(t);
  });

  it('never overdraws: 50 concurrent actions on a pool that pays for 30 leave exactly 30 completed and the pool at zero', async () => {
    await fund(300);
    const ids = await register(Array.from({ length: 50 }, (_, i) => purchase(`short_${i}`, 10, `user_${i % 5}`)));
    const queue = createPoolCommitQueue({ db: db() });

    const results = await Promise.all(ids.map((id) => queue.apply(id)));

    expect(results.filter((r) => r.status === 'COMPLETED')).toHaveLength(30);
    const failed = results.filter((r) => r.status === 'FAILED');
    expect(failed).toHaveLength(20);
    expect(new Set(failed.map((r) => r.failure?.code))).toEqual(new Set(['INSUFFICIENT_POOL_BALANCE']));
    expect(await poolBalance()).toBe(0);
    const depleted = await db()
      .selectFrom('events')
      .select('id')
      .where('partner_id', '=', partner.partnerId)
      .where('type', '=', 'token_pool.depleted')
      .execute();
    expect(depleted).toHaveLength(1);
    await expectLedgerInvariants(t);
  });

  it('fails only the action whose planning throws; it stays PROCESSING and completes when applied again', async () => {
    await fund(1000);
    const ids = await register(Array.from({ length: 5 }, (_, i) => purchase(`mixed_${i}`, 10, `user_${i}`)));
    const poison = ids[2]!;
    const throwingOnPoison: typeof planAction = (book, inputs) => {
      if (inputs.action.id === poison) throw new Error('unexpected fault while planning');
      return planAction(book, inputs);
    };

    const outcomes = await applyActions(db(), ids, { planAction: throwingOnPoison });

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(outcomes[2]).toMatchObject({ reason: new Error('unexpected fault while planning') });
    expect(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.status] : []))).toEqual([
      'COMPLETED',
      'COMPLETED',
      'COMPLETED',
      'COMPLETED',
    ]);
    expect(
      (await db().selectFrom('actions').select('status').where('id', '=', poison).executeTakeFirstOrThrow()).status,
    ).toBe('PROCESSING');
    expect(await poolBalance()).toBe(1000 - 40);

    const retried = await createPoolCommitQueue({ db: db() }).apply(poison);
    expect(retried).toMatchObject({ status: 'COMPLETED', tokensDistributed: 10 });
    expect(await poolBalance()).toBe(1000 - 50);
    await expectLedgerInvariants(t);
  });

  it('answers a retried action with its stored result, in the same batch or a later one, and debits it once', async () => {
    await fund(1000);
    const [first, second] = await register([purchase('retried_1', 10), purchase('retried_2', 10)]);

    const outcomes = await applyActions(db(), [first!, second!, first!]);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { status: 'COMPLETED', tokensDistributed: 10 } });
    expect(outcomes[2]).toEqual(outcomes[0]);
    const stored = outcomes[0]!.status === 'fulfilled' ? outcomes[0]!.value : undefined;
    const queue = createPoolCommitQueue({ db: db() });
    const later = await Promise.all([queue.apply(first!), queue.apply(first!)]);

    expect(later).toEqual([stored, stored]);
    expect(await rewardsOf(first!)).toBe(1);
    expect(await poolBalance()).toBe(1000 - 20);
    await expectLedgerInvariants(t);
  });

  it('leaves no user behind for a refused action, even when a batch-mate created users', async () => {
    await fund(10);
    const ids = await register([
      purchase('new_user_paid', 10, 'newcomer_paid'),
      purchase('new_user_refused', 10, 'newcomer_refused'),
    ]);

    const outcomes = await applyActions(db(), ids);

    expect(outcomes.map((o) => o.status === 'fulfilled' && o.value.status)).toEqual(['COMPLETED', 'FAILED']);
    const users = await db()
      .selectFrom('partner_users')
      .select('external_id')
      .where('partner_id', '=', partner.partnerId)
      .execute();
    expect(users.map((u) => u.external_id)).toEqual(['newcomer_paid']);
    const created = await db()
      .selectFrom('events')
      .select('data')
      .where('partner_id', '=', partner.partnerId)
      .where('type', '=', 'user.created')
      .execute();
    expect(created.map((e) => (e.data as { user: { externalUserId: string } }).user.externalUserId)).toEqual([
      'newcomer_paid',
    ]);
    await expectLedgerInvariants(t);
  });

  it('draws a campaign budget action by action within one batch and reports the budget reached once', async () => {
    await fund(1000);
    const campaignId = newId('cmp');
    await db()
      .insertInto('campaigns')
      .values({
        id: campaignId,
        partner_id: partner.partnerId,
        environment: 'sandbox',
        name: 'Budget',
        status: 'ACTIVE',
        starts_at: new Date(),
        token_budget: 20,
        reward_rules: JSON.stringify({ default: { fixedTokens: 10 } }),
      })
      .execute();
    const ids = await register([1, 2, 3].map((i) => purchase(`campaign_${i}`, 1, 'fan', { campaignId })));

    const outcomes = await applyActions(db(), ids);

    expect(outcomes.map((o) => o.status === 'fulfilled' && (o.value.failure?.code ?? o.value.status))).toEqual([
      'COMPLETED',
      'COMPLETED',
      'CAMPAIGN_BUDGET_EXHAUSTED',
    ]);
    const campaign = await db()
      .selectFrom('campaigns')
      .select(['tokens_distributed', 'budget_reached_at'])
      .where('id', '=', campaignId)
      .executeTakeFirstOrThrow();
    expect(campaign.tokens_distributed).toBe(20);
    expect(campaign.budget_reached_at).not.toBeNull();
    const reached = await db()
      .selectFrom('events')
      .select('request_id')
      .where('partner_id', '=', partner.partnerId)
      .where('type', '=', 'campaign.budget_reached')
      .execute();
    expect(reached).toHaveLength(1);
    await expectLedgerInvariants(t);
  });

  it('plans again under the lock when the pool moved between its read and its lock, and refuses what no longer fits', async () => {
    await fund(100);
    const [actionId] = await register([purchase('outrun', 60, 'late_user')]);
    const drained = await db()
      .insertInto('partner_users')
      .values({
        id: newId('pusr'),
        partner_id: partner.partnerId,
        environment: 'sandbox',
        external_id: 'drainer',
        metadata: JSON.stringify({}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Another transaction takes 50 tokens from the pool and holds its lock until told to commit.
    let commitDrain!: () => void;
    let drainPosted!: () => void;
    const posted = new Promise<void>((resolve) => (drainPosted = resolve));
    const drain = db()
      .transaction()
      .execute(async (trx) => {
        await postTransaction(trx, {
          ...scope(),
          kind: 'reward',
          description: 'a competing debit',
          poolId: pool.id,
          partnerUserId: drained.id,
          tokens: 50,
          postings: [
            { account: accounts.pool(pool.id), amount: -50 },
            { account: accounts.user(drained.id), amount: 50 },
          ],
        });
        drainPosted();
        await new Promise<void>((resolve) => (commitDrain = resolve));
      });
    await posted;

    // Whoever waits on the action hears the result that committed, not the plan that was dropped.
    const listenerErrors: Error[] = [];
    const listener = createSettlementListener({
      connectionString: t.database.url,
      onError: (error) => listenerErrors.push(error),
    });
    await expect
      .poll(
        async () =>
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from pg_stat_activity where application_name = 'sir-settlement-listener' and state = 'idle' and query like 'select pg_notify%' and datname = current_database()`.execute(
              db(),
            )
          ).rows[0]!.n,
      )
      .toBe(1);
    const heard = listener.waitFor<ActionResult>(actionId!);

    // The action is planned on the committed 100 tokens, writes its entries, then waits for the pool's lock.
    const applying = applyActions(db(), [actionId!]);
    await expect
      .poll(
        async () =>
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(
              db(),
            )
          ).rows[0]!.n,
      )
      .toBe(1);
    commitDrain();
    await drain;
    const [outcome] = await applying;

    expect(outcome).toMatchObject({
      status: 'fulfilled',
      value: { status: 'FAILED', failure: { code: 'INSUFFICIENT_POOL_BALANCE' } },
    });
    expect(await heard.result).toEqual(outcome!.status === 'fulfilled' && outcome!.value);
    await listener.close();
    expect(listenerErrors).toEqual([]);
    expect(await poolBalance()).toBe(50);
    expect(await rewardsOf(actionId!)).toBe(0);
    const events = await db()
      .selectFrom('events')
      .select('type')
      .where('partner_id', '=', partner.partnerId)
      .where('type', 'like', 'action.%')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['action.failed']);
    await expectLedgerInvariants(t);
  });

  it('applies a bulk job in one batch, in item order, beside single submits: only its later items fail when the pool runs short', async () => {
    await fund(30);
    const singles = await register(
      Array.from({ length: 10 }, (_, i) => purchase(`beside_${i}`, 1, `beside_user_${i % 3}`)),
    );
    const job = await register(Array.from({ length: 30 }, (_, i) => purchase(`job_${i}`, 1, `job_user_${i % 5}`)));
    // Records which book each action was planned against: one book is one batch's view of the pool.
    const booksOf = new Map<string, Set<BatchBook>>();
    const queue = createPoolCommitQueue({
      db: db(),
      maxBatchSize: 16,
      planAction: (book, input) => {
        booksOf.set(input.action.id, (booksOf.get(input.action.id) ?? new Set()).add(book));
        return planAction(book, input);
      },
    });

    const [jobResults, singleResults] = await Promise.all([
      queue.applyAll(job),
      Promise.all(singles.map((id) => queue.apply(id))),
    ]);

    // Never split, though larger than a batch: every book that saw one of its items saw all of them.
    const jobBooks = new Set(job.flatMap((id) => [...booksOf.get(id)!]));
    for (const book of jobBooks) expect(job.filter((id) => booksOf.get(id)!.has(book))).toEqual(job);
    expect(jobResults.map((r) => r.actionId)).toEqual(job);
    const statuses = jobResults.map((r) => r.status);
    const completed = statuses.filter((status) => status === 'COMPLETED').length;
    expect(statuses).toEqual([...Array(completed).fill('COMPLETED'), ...Array(30 - completed).fill('FAILED')]);
    expect(jobResults.slice(completed).every((r) => r.failure?.code === 'INSUFFICIENT_POOL_BALANCE')).toBe(true);
    expect(completed + singleResults.filter((r) => r.status === 'COMPLETED').length).toBe(30);
    expect(await poolBalance()).toBe(0);
    await expectLedgerInvariants(t);
  });

  it('applies a bulk job once when its activity runs again after the commit, answering the stored results', async () => {
    await fund(100);
    const job = await register([
      purchase('retried_1', 40, 'retried_user'),
      purchase('retried_2', 50, 'retried_user'),
      purchase('retried_3', 20, 'retried_user'),
    ]);
    const { applyActions: applyActionsActivity } = createActivities(testActivityDependencies(db()));

    const first: ActionResult[] = await new MockActivityEnvironment({ attempt: 1 }).run(applyActionsActivity, {
      actionIds: job,
    });
    const retried = await new MockActivityEnvironment({ attempt: 2 }).run(applyActionsActivity, { actionIds: job });

    expect(first.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED', 'FAILED']);
    expect(retried).toEqual(first);
    for (const [index, id] of job.entries()) expect(await rewardsOf(id)).toBe(index < 2 ? 1 : 0);
    expect(await poolBalance()).toBe(10);
    const events = await db()
      .selectFrom('events')
      .select('type')
      .where('partner_id', '=', partner.partnerId)
      .where('type', 'like', 'action.%')
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['action.completed', 'action.completed', 'action.failed']);
    await expectLedgerInvariants(t);
  });
});
