import { sql, type Transaction } from 'kysely';
import type { Database, Environment, TransactionKind } from '../db/schema.js';
import { newId } from '../ids.js';
import type { AccountRef } from './account-ids.js';

export interface Posting {
  account: AccountRef;
  amount: number;
}

export interface NewLedgerTransaction {
  partnerId: string;
  environment: Environment;
  kind: TransactionKind;
  description: string;
  actionId?: string | null;
  reversalId?: string | null;
  poolId?: string | null;
  partnerUserId?: string | null;
  tokens: number;
  postings: Posting[];
}

/** A posting the account's sign rule refuses, e.g. a pool debit larger than its balance. */
export class LedgerRefusal extends Error {
  constructor(readonly accountId: string) {
    super(`account ${accountId} cannot take this posting`);
  }
}

/** Pools first, then by id: the order accounts are locked in and entries are written in. */
/** The ledger_transactions row of a transaction posted under this id. */
export function ledgerTransactionRow(id: string, txn: NewLedgerTransaction) {
  return {
    id,
    partner_id: txn.partnerId,
    environment: txn.environment,
    kind: txn.kind,
    action_id: txn.actionId ?? null,
    reversal_id: txn.reversalId ?? null,
    pool_id: txn.poolId ?? null,
    partner_user_id: txn.partnerUserId ?? null,
    tokens: txn.tokens,
    description: txn.description,
  };
}

export const lockOrder = (a: Posting, b: Posting): number =>
  Number(b.account.kind === 'pool') - Number(a.account.kind === 'pool') || a.account.id.localeCompare(b.account.id);

/**
 * Posts a balanced transaction inside the caller's database transaction: every account balance
 * moves with its entries. On a refusal nothing of it remains (a savepoint is rolled back), so the
 * caller may record the failure in the same transaction.
 */
export async function postTransaction(trx: Transaction<Database>, txn: NewLedgerTransaction): Promise<string> {
  await sql`savepoint ledger_post`.execute(trx);
  try {
    const id = await writeTransaction(trx, txn);
    await sql`release savepoint ledger_post`.execute(trx);
    return id;
  } catch (error) {
    if (error instanceof LedgerRefusal) await sql`rollback to savepoint ledger_post`.execute(trx);
    throw error;
  }
}

/** Pools first, then by id: concurrent posts take their row locks in one order. */
async function writeTransaction(trx: Transaction<Database>, txn: NewLedgerTransaction): Promise<string> {
  const postings = txn.postings.filter((p) => p.amount !== 0).sort(lockOrder);
  const total = postings.reduce((sum, p) => sum + p.amount, 0);
  if (total !== 0) throw new Error(`unbalanced ledger transaction (${total}): ${txn.description}`);

  for (const { account, amount } of postings) {
    await trx
      .insertInto('ledger_accounts')
      .values({
        id: account.id,
        partner_id: txn.partnerId,
        environment: txn.environment,
        kind: account.kind,
        owner_id: account.ownerId,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const updated = await trx
      .updateTable('ledger_accounts')
      .set({ balance: sql`balance + ${amount}` })
      .where('id', '=', account.id)
      .where(
        ['pool', 'user', 'pool_receivable', 'redemption'].includes(account.kind)
          ? sql<boolean>`balance + ${amount} >= 0`
          : sql<boolean>`balance + ${amount} <= 0`,
      )
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw new LedgerRefusal(account.id);
  }

  const id = newId('txn');
  await trx.insertInto('ledger_transactions').values(ledgerTransactionRow(id, txn)).execute();
  if (postings.length > 0) {
    await trx
      .insertInto('ledger_entries')
      .values(postings.map((p) => ({ transaction_id: id, account_id: p.account.id, amount: p.amount })))
      .execute();
  }
  return id;
}
