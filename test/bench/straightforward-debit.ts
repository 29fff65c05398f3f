import { sql, type Kysely } from 'kysely';
import type { PartnerScope } from '../../src/partner-scope.js';
import type { Database } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';
import { accounts } from '../../src/ledger/account-ids.js';
import type { Task } from './load-runner.js';

/**
 * The straightforward design's pool debit, as small as it gets: one transaction per debit holding
 * the pool's row from its conditional UPDATE to the commit, with the user credit, ledger
 * transaction and entries that keep the ledger balanced. Users take turns by task index.
 */
export function straightforwardDebit(
  db: Kysely<Database>,
  scope: PartnerScope,
  poolId: string,
  userIds: string[],
): Task {
  const pool = accounts.pool(poolId);
  return async (index) => {
    const user = accounts.user(userIds[index % userIds.length]!);
    await db.transaction().execute(async (trx) => {
      const debited =
        await sql`update ledger_accounts set balance = balance - 1 where id = ${pool.id} and balance >= 1`.execute(trx);
      if (debited.numAffectedRows !== 1n) throw new Error('the pool refused the debit');
      await sql`update ledger_accounts set balance = balance + 1 where id = ${user.id}`.execute(trx);
      const transactionId = newId('txn');
      await trx
        .insertInto('ledger_transactions')
        .values({
          id: transactionId,
          partner_id: scope.partnerId,
          environment: scope.environment,
          kind: 'reward',
          pool_id: poolId,
          partner_user_id: user.ownerId,
          tokens: 1,
          description: 'straightforward debit',
        })
        .execute();
      await trx
        .insertInto('ledger_entries')
        .values([
          { transaction_id: transactionId, account_id: pool.id, amount: -1 },
          { transaction_id: transactionId, account_id: user.id, amount: 1 },
        ])
        .execute();
    });
  };
}
