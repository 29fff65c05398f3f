import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per partner, environment, minute, key, route and status: API replicas aggregate in
  // memory and add their counts with upserts, so the table grows per minute, not per request.
  await db.schema
    .createTable('api_usage_minutes')
    .addColumn('partner_id', 'text', (col) => col.notNull())
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('minute', sql`timestamptz(0)`, (col) => col.notNull())
    .addColumn('key_id', 'text', (col) => col.notNull())
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('route', 'text', (col) => col.notNull())
    .addColumn('status', 'smallint', (col) => col.notNull())
    .addColumn('request_count', 'integer', (col) => col.notNull().check(sql`request_count > 0`))
    .addColumn('total_ms', 'double precision', (col) => col.notNull())
    .addColumn('max_ms', 'double precision', (col) => col.notNull())
    .execute();
  // Leading with (partner, environment, minute), the key serves both the upsert and the reports;
  // the counters it includes make the reports index-only scans, at the price of no HOT updates.
  await sql`
    alter table api_usage_minutes add constraint api_usage_minutes_pkey
      primary key (partner_id, environment, minute, key_id, method, route, status) include (request_count, total_ms, max_ms)
  `.execute(db);

  // Dashboard reads: index-only scans over a partner's window of actions and earnings.
  await sql`
    create index actions_dashboard_idx on actions (partner_id, environment, created_at)
      include (status, tokens_distributed, failure_code)
  `.execute(db);
  await sql`
    create index ledger_transactions_earnings_idx on ledger_transactions (partner_id, environment, created_at)
      include (kind, partner_user_id, tokens) where kind in ('reward', 'reversal')
  `.execute(db);
  await db.schema
    .createIndex('reversals_recent_idx')
    .on('reversals')
    .columns(['partner_id', 'environment', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['reversals_recent_idx', 'ledger_transactions_earnings_idx', 'actions_dashboard_idx']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.dropTable('api_usage_minutes').execute();
}
