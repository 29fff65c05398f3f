import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
const timestamp = sql`timestamptz(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('partner_id', 'text', (col) => col.notNull().references('partners.id'))
    .addColumn('environment', 'text', (col) => col.notNull().check(sql`environment in ('sandbox', 'production')`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('DRAFT', 'ACTIVE', 'PAUSED', 'COMPLETED')`),
    )
    .addColumn('starts_at', timestamp, (col) => col.notNull())
    .addColumn('ends_at', timestamp)
    .addColumn('token_budget', 'bigint', (col) => col.notNull().check(sql`token_budget > 0`))
    .addColumn('tokens_distributed', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('reward_rules', 'jsonb', (col) => col.notNull())
    // Bumped by each lifecycle step the workflow applies: a retried step finds its number taken.
    .addColumn('lifecycle_version', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('activated_at', timestamp)
    .addColumn('paused_at', timestamp)
    .addColumn('completed_at', timestamp)
    .addColumn('completion_reason', 'text', (col) =>
      col.check(sql`completion_reason in ('SCHEDULE', 'BUDGET_REACHED', 'PARTNER')`),
    )
    .addColumn('budget_reached_at', timestamp)
    .addColumn('request_id', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('campaigns_schedule', sql`ends_at is null or ends_at > starts_at`)
    // The budget holds whatever the application does; actions draw with a conditional update first.
    .addCheckConstraint('campaigns_budget', sql`tokens_distributed between 0 and token_budget`)
    .execute();
  await db.schema
    .createIndex('campaigns_page_idx')
    .on('campaigns')
    .columns(['partner_id', 'environment', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('campaigns_status_idx')
    .on('campaigns')
    .columns(['partner_id', 'environment', 'status', 'starts_at'])
    .execute();

  // Campaign analytics read a campaign's actions by day.
  await db.schema
    .createIndex('actions_campaign_idx')
    .on('actions')
    .columns(['campaign_id', 'created_at'])
    .where(sql.ref('campaign_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('actions_campaign_idx').execute();
  await db.schema.dropTable('campaigns').execute();
}
