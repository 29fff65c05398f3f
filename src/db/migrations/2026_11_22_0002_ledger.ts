import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
const timestamp = sql`timestamptz(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('token_pools')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('ACTIVE', 'INACTIVE')`))
    .addColumn('low_balance_threshold', 'bigint', (col) =>
      col.notNull().defaultTo(0).check(sql`low_balance_threshold >= 0`),
    )
    .addColumn('low_balance_notified', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('token_pools_partner_idx')
    .on('token_pools')
    .columns(['partner_id', 'environment', 'status'])
    .execute();

  // One row per account; the balance is a cache of its entries kept in the same transaction.
  // The checks make overdrafts impossible whatever the application does.
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('allocation', 'pool', 'pool_receivable', 'user', 'user_debt', 'redemption')`),
    )
    .addColumn('owner_id', 'text', (col) => col.notNull())
    .addColumn('balance', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'ledger_accounts_sign',
      sql`(kind not in ('pool', 'user', 'pool_receivable', 'redemption') or balance >= 0)
        and (kind not in ('user_debt', 'allocation') or balance <= 0)`,
    )
    .execute();
  await db.schema
    .createIndex('ledger_accounts_owner_idx')
    .on('ledger_accounts')
    .columns(['owner_id', 'kind'])
    .execute();

  await db.schema
    .createTable('ledger_transactions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('allocation', 'reward', 'reversal', 'redemption')`),
    )
    .addColumn('action_id', 'text')
    .addColumn('reversal_id', 'text')
    .addColumn('pool_id', 'text')
    .addColumn('partner_user_id', 'text')
    .addColumn('tokens', 'bigint', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('ledger_transactions_page_idx')
    .on('ledger_transactions')
    .columns(['partner_id', 'environment', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('ledger_transactions_user_idx')
    .on('ledger_transactions')
    .columns(['partner_user_id', 'created_at'])
    .execute();
  await db.schema.createIndex('ledger_transactions_action_idx').on('ledger_transactions').column('action_id').execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('transaction_id', 'text', (col) => col.notNull().references('ledger_transactions.id'))
    .addColumn('account_id', 'text', (col) => col.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'bigint', (col) => col.notNull().check(sql`amount <> 0`))
    .execute();
  await db.schema.createIndex('ledger_entries_transaction_idx').on('ledger_entries').column('transaction_id').execute();
  await db.schema.createIndex('ledger_entries_account_idx').on('ledger_entries').column('account_id').execute();

  // Entries are history: the database itself refuses to change or remove them.
  await sql`
    create function ledger_entries_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger entries are append-only (% refused)', tg_op;
    end $$;
    create trigger ledger_entries_no_update before update or delete on ledger_entries
      for each statement execute function ledger_entries_append_only();
  `.execute(db);

  // Double entry, checked by the database at commit: every transaction's entries sum to zero.
  await sql`
    create function ledger_transaction_balanced() returns trigger language plpgsql as $$
    declare total bigint;
    begin
      select coalesce(sum(amount), 0) into total from ledger_entries where transaction_id = new.transaction_id;
      if total <> 0 then
        raise exception 'ledger transaction % is unbalanced by %', new.transaction_id, total;
      end if;
      return null;
    end $$;
    create constraint trigger ledger_entries_balanced after insert on ledger_entries
      deferrable initially deferred for each row execute function ledger_transaction_balanced();
  `.execute(db);

  await db.schema
    .createTable('actions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull())
    .addColumn('idempotency_key', 'text', (col) => col.notNull())
    .addColumn('request_fingerprint', 'text', (col) => col.notNull())
    .addColumn('action_type', 'text', (col) => col.notNull())
    .addColumn('amount', 'numeric')
    .addColumn('currency', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('request', 'jsonb', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('PROCESSING', 'COMPLETED', 'FAILED')`))
    .addColumn('failure_code', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('tokens_distributed', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('tokens_reversed', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('reversed_percentage', 'numeric', (col) =>
      col.notNull().defaultTo(0).check(sql`reversed_percentage between 0 and 100`),
    )
    .addColumn('pool_id', 'text')
    .addColumn('credits', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('request_id', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', timestamp)
    .addUniqueConstraint('actions_idempotency_unique', ['partner_id', 'environment', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('actions_page_idx')
    .on('actions')
    .columns(['partner_id', 'environment', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('actions_processing_idx')
    .on('actions')
    .column('created_at')
    .where(sql.ref('status'), '=', 'PROCESSING')
    .execute();

  await db.schema
    .createTable('reversals')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull())
    .addColumn('action_id', 'text', (col) => col.notNull().references('actions.id'))
    .addColumn('refund_idempotency_key', 'text', (col) => col.notNull())
    .addColumn('request_fingerprint', 'text', (col) => col.notNull())
    .addColumn('reversal_percentage', 'numeric', (col) =>
      col.notNull().check(sql`reversal_percentage > 0 and reversal_percentage <= 100`),
    )
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('PROCESSING', 'COMPLETED', 'FAILED')`))
    .addColumn('failure_code', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('tokens_returned', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('debt_created', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('request_id', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', timestamp)
    .addUniqueConstraint('reversals_idempotency_unique', ['partner_id', 'environment', 'refund_idempotency_key'])
    .execute();
  await db.schema.createIndex('reversals_action_idx').on('reversals').column('action_id').execute();

  await db.schema.alterTable('partners').addColumn('reward_rules', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('partners').dropColumn('reward_rules').execute();
  for (const table of [
    'reversals',
    'actions',
    'ledger_entries',
    'ledger_transactions',
    'ledger_accounts',
    'token_pools',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function if exists ledger_entries_append_only(); drop function if exists ledger_transaction_balanced();`.execute(
    db,
  );
}
