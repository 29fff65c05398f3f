import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { ledgerTransactionRow, lockOrder, type NewLedgerTransaction, type Posting } from './post-transaction.js';

type Move = Posting & { owner: NewLedgerTransaction };

/** Each account once, with the sum of its postings, in lockOrder. */
function accountMoves(postings: Array<{ txn: NewLedgerTransaction; postings: Posting[] }>): Move[] {
  const moves = new Map<string, Move>();
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
 * Posts many balanced transactions inside the caller's transaction with two statements whatever
 * their number: each account moves once by the sum of its postings. Unlike postTransaction it
 * refuses nothing one by one: the caller checked the balances it draws on while holding their
 * locks, and the accounts' sign check still refuses any overdraft (failing the whole call).
 */
export async function postTransactions(trx: Transaction<Database>, txns: NewLedgerTransaction[]): Promise<string[]> {
  const posted = txns.map((txn) => {
    const postings = txn.postings.filter((p) => p.amount !== 0).sort(lockOrder);
    const total = postings.reduce((sum, p) => sum + p.amount, 0);
    if (total !== 0) throw new Error(`unbalanced ledger transaction (${total}): ${txn.description}`);
    return { id: newId('txn'), txn, postings };
  });
  if (posted.length === 0) return [];
  const transactions = posted.map(({ id, txn }) => ledgerTransactionRow(id, txn));
  const entries = posted.flatMap(({ id, postings }) => postings.map((p) => ({ transaction_id: id, account_id: p.account.id, amount: p.amount })));
  if (entries.length === 0) {
    await trx.insertInto('ledger_transactions').values(transactions).execute();
    return posted.map((p) => p.id);
  }

  const moves = accountMoves(posted);
  await trx
    .insertInto('ledger_accounts')
    .values(moves.map(({ account, owner }) => ({ id: account.id, partner_id: owner.partnerId, environment: owner.environment, kind: account.kind, owner_id: account.ownerId })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  // The accounts are locked in lockOrder, the order of every single post, so no two posts can
  // wait on each other in a cycle; the balances, transactions and entries then go in one statement.
  await trx
    .with((cte) => cte('locked').materialized(), () => sql`(
      select a.id, d.delta from ledger_accounts a
      join unnest(${moves.map((m) => m.account.id)}::text[], ${moves.map((m) => m.amount)}::bigint[]) with ordinality as d(id, delta, n) on d.id = a.id
      order by d.n for update of a)`)
    .with('moved', () => sql`(update ledger_accounts a set balance = a.balance + locked.delta from locked where a.id = locked.id and locked.delta <> 0)`)
    .with('posted', (db) => db.insertInto('ledger_transactions').values(transactions))
    .insertInto('ledger_entries')
    .values(entries)
    .execute();
  return posted.map((p) => p.id);
}
