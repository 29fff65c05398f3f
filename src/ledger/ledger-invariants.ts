import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

interface Check {
  name: string;
  /** Returns the offending rows; an empty result means the invariant holds. */
  query: ReturnType<typeof sql<Record<string, unknown>>>;
}

const checks: Check[] = [
  {
    name: 'every ledger transaction sums to zero',
    query: sql`select transaction_id, sum(amount) as total from ledger_entries group by transaction_id having sum(amount) <> 0`,
  },
  {
    name: 'all accounts together sum to zero',
    query: sql`select sum(balance) as total from ledger_accounts having coalesce(sum(balance), 0) <> 0`,
  },
  {
    name: 'every cached balance equals the sum of its entries',
    query: sql`select a.id, a.balance, coalesce(e.total, 0) as entries
      from ledger_accounts a left join (select account_id, sum(amount) as total from ledger_entries group by account_id) e
      on e.account_id = a.id where a.balance <> coalesce(e.total, 0)`,
  },
  {
    name: 'no pool, user balance, receivable or redemption is negative; no debt is positive',
    query: sql`select id, kind, balance from ledger_accounts
      where (kind in ('pool', 'user', 'pool_receivable', 'redemption') and balance < 0)
         or (kind in ('user_debt', 'allocation') and balance > 0)`,
  },
  {
    name: 'what users owe each pool equals what the pool is owed',
    query: sql`select r.owner_id as pool_id, r.balance as receivable, coalesce(d.owed, 0) as owed
      from ledger_accounts r left join (
        select split_part(id, ':', 3) as pool_id, -sum(balance) as owed from ledger_accounts where kind = 'user_debt' group by 1
      ) d on d.pool_id = r.owner_id
      where r.kind = 'pool_receivable' and r.balance <> coalesce(d.owed, 0)`,
  },
  {
    name: 'tokens are conserved: pools + user balances + spent = allocated, per partner and environment',
    query: sql`select partner_id, environment,
        sum(balance) filter (where kind in ('pool', 'user', 'redemption')) as held,
        -sum(balance) filter (where kind = 'allocation') as allocated
      from ledger_accounts group by partner_id, environment
      having coalesce(sum(balance) filter (where kind in ('pool', 'user', 'redemption')), 0)
          <> coalesce(-sum(balance) filter (where kind = 'allocation'), 0)`,
  },
  {
    name: 'each action distributed exactly what its reward transactions carry',
    query: sql`select a.id, a.status, a.tokens_distributed, coalesce(t.total, 0) as rewarded
      from actions a left join (select action_id, sum(tokens) as total from ledger_transactions where kind = 'reward' group by action_id) t
      on t.action_id = a.id
      where a.tokens_distributed <> coalesce(t.total, 0) or (a.status <> 'COMPLETED' and coalesce(t.total, 0) <> 0)`,
  },
  {
    name: 'each action and reversal reversed exactly what its reversal transactions carry',
    query: sql`select a.id, a.tokens_reversed, coalesce(t.total, 0) as reversed
      from actions a left join (select action_id, sum(tokens) as total from ledger_transactions where kind = 'reversal' group by action_id) t
      on t.action_id = a.id where a.tokens_reversed <> coalesce(t.total, 0)
      union all
      select r.id, r.tokens_returned + r.debt_created, coalesce(t.total, 0)
      from reversals r left join (select reversal_id, sum(tokens) as total from ledger_transactions where kind = 'reversal' group by reversal_id) t
      on t.reversal_id = r.id where r.tokens_returned + r.debt_created <> coalesce(t.total, 0)`,
  },
  {
    name: "each approved or completed redemption spent exactly its tokens from its user's balance",
    query: sql`select r.id, r.status, r.tokens, t.kind, t.tokens as spent
      from redemptions r left join ledger_transactions t on t.id = r.transaction_id
      where r.status in ('APPROVED', 'COMPLETED')
        and (t.id is null or t.kind <> 'redemption' or t.tokens <> r.tokens or t.partner_user_id <> r.partner_user_id)`,
  },
];

export interface InvariantViolation {
  invariant: string;
  rows: Record<string, unknown>[];
}

/** Checks the ledger from one consistent snapshot; returns every violated invariant with its rows. */
export async function checkLedgerInvariants(db: Kysely<Database>): Promise<InvariantViolation[]> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const violations: InvariantViolation[] = [];
      for (const check of checks) {
        const { rows } = await check.query.execute(trx);
        if (rows.length > 0) violations.push({ invariant: check.name, rows });
      }
      return violations;
    });
}
