import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PartnerScope } from '../../src/partner-scope.js';
import { accounts } from '../../src/ledger/account-ids.js';
import { postTransaction, type NewLedgerTransaction } from '../../src/ledger/post-transaction.js';
import { expectLedgerInvariants, fundPool, purchase } from '../support/ledger-fixtures.js';
import { startTemporalApp, type TemporalApp } from '../support/temporal-app.js';
import type { TestApp, TestPartner } from '../support/test-app.js';

interface TransactionBody {
  id: string;
  kind: string;
  tokens: number;
  actionId: string | null;
  partnerUserId: string | null;
  createdAt: string;
}

describe('transactions and user balances over the real Temporal dev server and PostgreSQL', () => {
  let harness: TemporalApp;
  let t: TestApp;
  let alice: TestPartner;
  let bob: TestPartner;
  let poolId: string;
  let scope: PartnerScope;
  /** Alice's sandbox transactions, newest first: rewards t3, t2, t1, then the pool's allocation. */
  let all: TransactionBody[];

  const get = (who: TestPartner['sandbox'], path: string) => t.signed(who, 'GET', path);
  const ids = (page: { data: TransactionBody[] }) => page.data.map((txn) => txn.id);

  beforeAll(async () => {
    harness = await startTemporalApp();
    ({ t } = harness);
    [alice, bob] = [await t.createPartner('Alice Co'), await t.createPartner('Bob Co')];
    scope = { partnerId: alice.partnerId, environment: 'sandbox' };
    poolId = (await fundPool(t, alice, 1000)).id;
    // One after another: items of one bulk job share their transaction's timestamp, so only separate
    // submits give the three rewards an order in time to list them by.
    for (const action of [
      purchase('t1', 10, 'reader_a'),
      purchase('t2', 20, 'reader_b'),
      purchase('t3', 30, 'reader_a'),
    ]) {
      expect((await t.signed(alice.sandbox, 'POST', '/v1/partner/actions/submit', action)).json().status).toBe(
        'COMPLETED',
      );
    }
    all = (await get(alice.sandbox, '/v1/partner/transactions')).json().data;
  });
  afterAll(async () => harness.close());
  afterEach(async () => expectLedgerInvariants(t));

  /** Posts a ledger transaction directly, as an operator's tooling or another flow would. */
  const post = (txn: Omit<NewLedgerTransaction, 'partnerId' | 'environment'>) =>
    t.database.db.transaction().execute((trx) => postTransaction(trx, { ...scope, ...txn }));

  it("lists the partner's transactions newest first, rewards carrying the user's external id", async () => {
    expect(all.map((txn) => [txn.kind, txn.tokens, txn.partnerUserId])).toEqual([
      ['reward', 30, 'reader_a'],
      ['reward', 20, 'reader_b'],
      ['reward', 10, 'reader_a'],
      ['allocation', 1000, null],
    ]);
    expect(all[0]).toEqual({
      id: expect.stringMatching(/^txn_/),
      kind: 'reward',
      description: 'PURCHASE reward to reader_a',
      tokens: 30,
      actionId: expect.stringMatching(/^act_/),
      reversalId: null,
      poolId,
      partnerUserId: 'reader_a',
      environment: 'sandbox',
      createdAt: expect.any(String),
    });
  });

  it('filters by kind, user, action and time range', async () => {
    const list = async (query: string) => ids((await get(alice.sandbox, `/v1/partner/transactions?${query}`)).json());
    const [t3, t2, t1, allocation] = all.map((txn) => txn.id);
    expect(await list('kind=reward')).toEqual([t3, t2, t1]);
    expect(await list('kind=allocation')).toEqual([allocation]);
    expect(await list('partnerUserId=reader_a')).toEqual([t3, t1]);
    expect(await list(`actionId=${all[1]!.actionId}`)).toEqual([t2]);
    const at = encodeURIComponent(all[1]!.createdAt);
    expect(await list(`from=${at}`)).toEqual([t3, t2]);
    expect(await list(`to=${at}`)).toEqual([t1, allocation]);
  });

  it('pages with a cursor through every transaction exactly once', async () => {
    const first = (await get(alice.sandbox, '/v1/partner/transactions?limit=3')).json();
    expect(first.pagination).toEqual({ limit: 3, hasMore: true, nextCursor: expect.any(String) });
    const second = (
      await get(alice.sandbox, `/v1/partner/transactions?limit=3&cursor=${first.pagination.nextCursor}`)
    ).json();
    expect(second.pagination).toEqual({ limit: 3, hasMore: false, nextCursor: null });
    expect([...ids(first), ...ids(second)]).toEqual(all.map((txn) => txn.id));
    expect((await get(alice.sandbox, '/v1/partner/transactions?cursor=not-a-cursor')).json().error.code).toBe(
      'VALIDATION_ERROR',
    );
  });

  it('shows a transaction with its entries, which sum to zero', async () => {
    const reward = (await get(alice.sandbox, `/v1/partner/transactions/${all[0]!.id}`)).json();
    expect(reward).toMatchObject({ id: all[0]!.id, kind: 'reward', tokens: 30 });
    expect(reward.entries).toEqual([
      { accountKind: 'pool', ownerId: poolId, partnerUserId: null, amount: -30 },
      { accountKind: 'user', ownerId: expect.stringMatching(/^pusr_/), partnerUserId: 'reader_a', amount: 30 },
    ]);
    const allocation = (await get(alice.sandbox, `/v1/partner/transactions/${all[3]!.id}`)).json();
    expect(allocation.entries).toEqual([
      { accountKind: 'pool', ownerId: poolId, partnerUserId: null, amount: 1000 },
      { accountKind: 'allocation', ownerId: alice.partnerId, partnerUserId: null, amount: -1000 },
    ]);
    for (const txn of [reward, allocation])
      expect(txn.entries.reduce((sum: number, e: { amount: number }) => sum + e.amount, 0)).toBe(0);
    expect((await get(alice.sandbox, '/v1/partner/transactions/txn_unknown')).statusCode).toBe(404);
  });

  it("reports a user's balance and totals", async () => {
    const balance = await get(alice.sandbox, '/v1/partner/users/reader_a/balance');
    expect(balance.statusCode).toBe(200);
    expect(balance.json()).toEqual({
      externalUserId: 'reader_a',
      balance: 40,
      debt: 0,
      availableBalance: 40,
      totalEarned: 40,
      totalReversed: 0,
      totalSpent: 0,
    });
    expect((await get(alice.sandbox, '/v1/partner/users/ghost/balance')).statusCode).toBe(404);
  });

  it('reports debt after a reversal of spent tokens, and its repayment from the next reward', async () => {
    const earned = await t.signed(
      alice.sandbox,
      'POST',
      '/v1/partner/actions/submit',
      purchase('debtor_earns', 50, 'debtor'),
    );
    const debtor = await t.database.db
      .selectFrom('partner_users')
      .select('id')
      .where('external_id', '=', 'debtor')
      .where('partner_id', '=', alice.partnerId)
      .executeTakeFirstOrThrow();
    await post({
      kind: 'redemption',
      description: 'debtor spends 30',
      partnerUserId: debtor.id,
      tokens: 30,
      postings: [
        { account: accounts.user(debtor.id), amount: -30 },
        { account: accounts.redemption(scope.partnerId, scope.environment), amount: 30 },
      ],
    });
    // A full reversal of the 50: the 20 still held go back to the pool, the 30 spent become debt.
    const reversed = await t.signed(alice.sandbox, 'POST', `/v1/partner/actions/${earned.json().actionId}/reverse`, {
      reversalPercentage: 100,
      reason: 'Order refunded',
      refundIdempotencyKey: 'refund_debtor',
    });
    expect(reversed.json()).toMatchObject({ status: 'COMPLETED', tokensReturned: 20, debtCreated: 30 });
    const inDebt = (await get(alice.sandbox, '/v1/partner/users/debtor/balance')).json();
    expect(inDebt).toEqual({
      externalUserId: 'debtor',
      balance: 0,
      debt: 30,
      availableBalance: 0,
      totalEarned: 50,
      totalReversed: 50,
      totalSpent: 30,
    });

    const repaying = await t.signed(
      alice.sandbox,
      'POST',
      '/v1/partner/actions/submit',
      purchase('debtor_repays', 40, 'debtor'),
    );
    const repaid = (await get(alice.sandbox, '/v1/partner/users/debtor/balance')).json();
    expect(repaid).toEqual({
      externalUserId: 'debtor',
      balance: 10,
      debt: 0,
      availableBalance: 10,
      totalEarned: 90,
      totalReversed: 50,
      totalSpent: 30,
    });
    for (const figures of [inDebt, repaid]) {
      expect(figures.balance - figures.debt).toBe(figures.totalEarned - figures.totalReversed - figures.totalSpent);
    }
    const detail = (await get(alice.sandbox, `/v1/partner/transactions/${repaying.json().transactionIds[0]}`)).json();
    expect(
      detail.entries.map((e: { accountKind: string; amount: number }) => [e.accountKind, e.amount]).sort(),
    ).toEqual(
      [
        ['pool', -40],
        ['pool', 30],
        ['pool_receivable', -30],
        ['user', 10],
        ['user_debt', 30],
      ].sort(),
    );
  });

  it("lists a user's own transactions, filtered and paged", async () => {
    const mine = (await get(alice.sandbox, '/v1/partner/users/reader_a/transactions')).json();
    expect(ids(mine)).toEqual([all[0]!.id, all[2]!.id]);
    const page = (await get(alice.sandbox, '/v1/partner/users/reader_a/transactions?limit=1')).json();
    const rest = (
      await get(alice.sandbox, `/v1/partner/users/reader_a/transactions?limit=1&cursor=${page.pagination.nextCursor}`)
    ).json();
    expect([...ids(page), ...ids(rest)]).toEqual(ids(mine));
    const debtor = (await get(alice.sandbox, '/v1/partner/users/debtor/transactions?kind=reversal')).json();
    expect(debtor.data.map((txn: TransactionBody) => [txn.kind, txn.tokens])).toEqual([['reversal', 50]]);
    expect((await get(alice.sandbox, '/v1/partner/users/ghost/transactions')).statusCode).toBe(404);
  });

  it("never shows another partner's transactions or users, even under the same external id", async () => {
    expect((await get(bob.sandbox, '/v1/partner/transactions')).json().data).toEqual([]);
    expect((await get(bob.sandbox, '/v1/partner/transactions?partnerUserId=reader_a')).json().data).toEqual([]);
    expect((await get(bob.sandbox, `/v1/partner/transactions/${all[0]!.id}`)).statusCode).toBe(404);
    expect((await get(bob.sandbox, '/v1/partner/users/reader_a/balance')).statusCode).toBe(404);
    expect((await get(bob.sandbox, '/v1/partner/users/reader_a/transactions')).statusCode).toBe(404);
    expect((await t.signed(bob.sandbox, 'POST', '/v1/partner/users', { externalUserId: 'reader_a' })).statusCode).toBe(
      201,
    );
    expect((await get(bob.sandbox, '/v1/partner/users/reader_a/balance')).json()).toEqual({
      externalUserId: 'reader_a',
      balance: 0,
      debt: 0,
      availableBalance: 0,
      totalEarned: 0,
      totalReversed: 0,
      totalSpent: 0,
    });
    expect((await get(bob.sandbox, '/v1/partner/users/reader_a/transactions')).json().data).toEqual([]);
  });

  it('never shows sandbox transactions or users to production keys', async () => {
    expect((await get(alice.production, '/v1/partner/transactions')).json().data).toEqual([]);
    expect((await get(alice.production, `/v1/partner/transactions/${all[0]!.id}`)).statusCode).toBe(404);
    expect((await get(alice.production, '/v1/partner/users/reader_a/balance')).statusCode).toBe(404);
    expect((await get(alice.production, '/v1/partner/users/reader_a/transactions')).statusCode).toBe(404);
  });
});
