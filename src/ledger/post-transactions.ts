import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { ledgerTransactionRow, lockOrder, type NewLedgerTransaction, type Posting } from './post-transaction.js';

/** One account's net change over many transactions, with the scope to open the account in. */
export type BalanceMove = Posting & { owner: NewLedgerTransaction };

/** Each account once, with the sum of its postings, in lockOrder. */
function accountMoves(postings: Array<{ txn: NewLedgerTransaction; postings: Posting[] }>): BalanceMove[] {
  const moves = new Map<string, BalanceMove>();
  for (const { txn, postings: each } of postings) {
    for (const p of each) {
      const move = moves.get(p.account.id);
      if (move) move.amount += p.amount;
      else moves.set(p.account.id, { ...p, owner: txn });
    }
  }
  return [...moves.values()].sort(lockOrder);
}

/**
 * Writes many balanced transactions and their entries inside the caller's transaction, opening
 * the accounts they name, without moving any balance: the caller moves them with moveBalances in
 * the same transaction. Split in two so that a caller can write the entries before it takes the
 * accounts' locks and hold those locks for the balance updates and the commit alone.
 */
export async function recordTransactions(
  trx: Transaction<Database>,
  txns: NewLedgerTransaction[],
): Promise<{ ids: string[]; moves: BalanceMove[] }> {
  const posted = txns.map((txn) => {
    const postings = txn.postings.filter((p) => p.amount !== 0).sort(lockOrder);
    const total = postings.reduce((sum, p) => sum + p.amount, 0);
    if (total !== 0) throw new Error(`unbalanced ledger transaction (${total}): ${txn.description}`);
    return { id: newId('txn'), txn, postings };
  });
  if (posted.length === 0) return { ids: [], moves: [] };
  const transactions = posted.map(({ id, txn }) => ledgerTransactionRow(id, txn));
  const entries = posted.flatMap(({ id, postings }) =>
    postings.map((p) => ({ transaction_id: id, account_id: p.account.id, amount: p.amount })),
  );
  const moves = accountMoves(posted);
  if (entries.length === 0) await trx.insertInto('ledger_transactions').values(transactions).execute();
  else {
    const opened = moves.map(({ account, owner }) => ({
      id: account.id,
      partner_id: owner.partnerId,
      environment: owner.environment,
      kind: account.kind,
      owner_id: account.ownerId,
    }));
    // The accounts, transactions and entries in one statement, each set as one JSON parameter
    // rather than a parameter per value (a batch writes hundreds of rows). The entries' foreign
    // keys are checked at the statement's end, once the accounts and transactions are in.
    await sql`
      with opened as (
        insert into ledger_accounts (id, partner_id, environment, kind, owner_id)
        select * from jsonb_to_recordset(${JSON.stringify(opened)}::jsonb)
          as a(id text, partner_id text, environment text, kind text, owner_id text)
        on conflict (id) do nothing),
      posted as (
        insert into ledger_transactions
          (id, partner_id, environment, kind, action_id, reversal_id, pool_id, partner_user_id, tokens, description)
        select * from jsonb_to_recordset(${JSON.stringify(transactions)}::jsonb)
          as t(id text, partner_id text, environment text, kind text, action_id text, reversal_id text,
            pool_id text, partner_user_id text, tokens bigint, description text))
      insert into ledger_entries (transaction_id, account_id, amount)
      select * from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb)
        as e(transaction_id text, account_id text, amount bigint)`.execute(trx);
  }
  return { ids: posted.map((p) => p.id), moves };
}

/**
 * Moves each account's balance by its net change, locking the accounts in lockOrder, the order of
 * every single post, so no two posts can wait on each other in a cycle. Refuses nothing one by
 * one: the caller checked the balances it draws on while holding their locks, and the accounts'
 * sign check still refuses any overdraft (failing the whole call).
 */
export async function moveBalances(trx: Transaction<Database>, moves: BalanceMove[]): Promise<void> {
  const moving = moves.filter((m) => m.amount !== 0);
  if (moving.length === 0) return;
  // No key update: entries written earlier, by this or another open transaction, hold key-share
  // locks on their accounts through their foreign keys, and this lock does not wait for those.
  const ids = moving.map((m) => m.account.id);
  const deltas = moving.map((m) => m.amount);
  await sql`
    with locked as materialized (
      select a.id, d.delta from ledger_accounts a
      join unnest(${ids}::text[], ${deltas}::bigint[]) with ordinality as d(id, delta, n) on d.id = a.id
      order by d.n for no key update of a)
    update ledger_accounts a set balance = a.balance + locked.delta from locked where a.id = locked.id`.execute(trx);
}
